/**
 * The drift check lists every kind of difference a client would notice between a hand-made older
 * description (OpenAPI 3.0.1, as the real API publishes) and a newer one (3.1.0, as ours is written),
 * and none where the two versions only spell the same thing differently.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { driftKinds, driftMarkdown, loadOpenApi, specDrift, type Drift } from './spec-drift.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./spec-drift-fixtures/${name}`, import.meta.url));

async function drifts(): Promise<Drift[]> {
  const ours = { document: await loadOpenApi(fixture('newer.yaml')), source: 'newer.yaml' };
  return (await specDrift(await loadOpenApi(fixture('older.yaml')), 'older.yaml', ours)).drifts;
}

const pick = ({ kind, operation, where, ours, theirs }: Drift) => ({ kind, operation, where, ours, theirs });

describe('the drift between an older (3.0.1) and a newer (3.1.0) description', () => {
  test('lists each kind of difference, with both sides', async () => {
    const found = (await drifts()).map(pick);
    expect(found).toEqual(
      expect.arrayContaining([
        {
          kind: 'operation',
          operation: 'DELETE /v1/session/{}',
          where: 'operation',
          ours: undefined,
          theirs: 'documented',
        },
        {
          kind: 'operation',
          operation: 'POST /v1/session/current/kick',
          where: 'operation',
          ours: 'documented',
          theirs: undefined,
        },
        {
          kind: 'parameter',
          operation: 'POST /v1/session',
          where: 'parameter header x-client-version',
          ours: undefined,
          theirs: 'optional',
        },
        {
          kind: 'parameter',
          operation: 'POST /v1/session',
          where: 'parameter query dryRun',
          ours: 'optional',
          theirs: undefined,
        },
        {
          kind: 'security',
          operation: 'POST /v1/session',
          where: 'security',
          ours: 'API key in header X-API-KEY',
          theirs: 'API key in header X-API-KEY + HTTP bearer',
        },
        { kind: 'status', operation: 'POST /v1/session', where: 'response 429', ours: 'documented', theirs: undefined },
        {
          kind: 'media type',
          operation: 'POST /v1/session',
          where: 'response 422 application/problem+json',
          ours: 'yes',
          theirs: undefined,
        },
        {
          kind: 'field',
          operation: 'POST /v1/session',
          where: 'response 200 $.creatorId',
          ours: 'string',
          theirs: undefined,
        },
        {
          kind: 'field',
          operation: 'GET /v1/session/current',
          where: 'response 200 $.users[].role',
          ours: 'string',
          theirs: undefined,
        },
        {
          kind: 'field',
          operation: 'POST /v1/session/disconnect',
          where: 'request body',
          ours: 'declared',
          theirs: undefined,
        },
        {
          kind: 'type',
          operation: 'POST /v1/session',
          where: 'response 200 $.expiresIn',
          ours: 'string',
          theirs: 'integer (int32)',
        },
        {
          kind: 'required',
          operation: 'POST /v1/wallet-proof/verify',
          where: 'request body $.signature',
          ours: 'optional',
          theirs: 'required',
        },
        {
          kind: 'constraint',
          operation: 'POST /v1/session',
          where: 'request body $.rules.userCapacity maximum',
          ours: '1000',
          theirs: '100',
        },
      ]),
    );
    expect(new Set(found.map((drift) => drift.kind))).toEqual(new Set(driftKinds));
  });

  test("does not count 3.0's nullable and 3.1's null type, or a nullable oneOf, as differences", async () => {
    const wheres = (await drifts()).map((drift) => `${drift.operation} ${drift.where}`);
    expect(wheres).not.toContain('POST /v1/session response 200 $.expiry');
    expect(wheres).not.toContain('POST /v1/session request body $.rules');
    expect(wheres).not.toContain('POST /v1/session request body $.rules.userCapacity');
    // Path parameters meet by position, and the base path by the servers' URLs.
    expect(wheres.filter((where) => where.includes('wallet-proof/nonce'))).toEqual([]);
  });

  test('shows in Markdown which side has what', async () => {
    const markdown = driftMarkdown(
      await specDrift(await loadOpenApi(fixture('older.yaml')), 'older.yaml', {
        document: await loadOpenApi(fixture('newer.yaml')),
        source: 'newer.yaml',
      }),
    );
    expect(markdown).toContain('(OpenAPI 3.0.1, version 1.1.0)');
    expect(markdown).toContain('| type | POST /v1/session | `response 200 $.expiresIn` | string | integer (int32) |');
  });
});

describe('spec/session-api.yaml', () => {
  test('has no drift against itself', async () => {
    const report = await specDrift(await loadOpenApi('spec/session-api.yaml'), 'spec/session-api.yaml');
    expect(report.drifts).toEqual([]);
  });
});

describe('reading a document', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-drift-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('refuses a file that is not OpenAPI 3.0 or 3.1, saying what it expected', async () => {
    const swagger = join(dir, 'swagger.json');
    writeFileSync(swagger, JSON.stringify({ swagger: '2.0', paths: {} }));
    await expect(loadOpenApi(swagger)).rejects.toThrow(/must be 3\.0\.x or 3\.1\.x/);
  });

  test('names a file that is missing', async () => {
    await expect(loadOpenApi(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read the file: ENOENT/);
  });
});
