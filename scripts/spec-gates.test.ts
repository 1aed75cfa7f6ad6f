/**
 * The gates of `npm test` that guard the spec must be able to fail: an invalid
 * spec fails `lint:spec`, a spec changed without regenerating fails `check:generated`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const repo = new URL('../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'spec-gates-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tsx(script: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(repo, script), ...args], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** A copy of spec/ (with the Spectral ruleset and the modules it extends) with one edit applied to session-api.yaml. */
function specCopy(name: string, edit: (yaml: string) => string): string {
  const root = join(scratch, name);
  cpSync(join(repo, 'spec'), join(root, 'spec'), { recursive: true });
  cpSync(join(repo, '.spectral.yaml'), join(root, '.spectral.yaml'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  const file = join(root, 'spec', 'session-api.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return root;
}

// Each test spawns a whole toolchain (tsx, Redocly, openapi-typescript): give it time on a busy machine.
describe('lint:spec', { timeout: 120_000 }, () => {
  test('passes on the committed spec', () => {
    const run = tsx('scripts/lint-spec.ts', []);
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  test('fails when an operation refers to a schema that does not exist', () => {
    const root = specCopy('dangling-ref', (yaml) =>
      yaml.replace("$ref: '#/components/schemas/KickRequest'", "$ref: '#/components/schemas/NoSuchSchema'"),
    );
    const run = tsx('scripts/lint-spec.ts', [join(root, 'spec', 'session-api.yaml')]);
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/NoSuchSchema/);
  });

  test('fails when an example breaks its schema', () => {
    const root = specCopy('bad-example', (yaml) =>
      yaml.replace(
        'maxUsers: 10\n                      maxTotalMegaBytes: 1024',
        "maxUsers: 'ten'\n                      maxTotalMegaBytes: 1024",
      ),
    );
    const run = tsx('scripts/lint-spec.ts', [join(root, 'spec', 'session-api.yaml')]);
    expect(run.status).toBe(1);
  });

  test('passes on an unchanged copy, with the ruleset beside it', () => {
    const root = specCopy('unchanged', (yaml) => yaml);
    const run = tsx('scripts/lint-spec.ts', [join(root, 'spec', 'session-api.yaml')]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  test('fails on a new Spectral finding: an OWASP rule on a response string left without a length limit', () => {
    const root = specCopy('owasp-finding', (yaml) =>
      yaml.replace(
        "          maxLength: 64\n          description: The member's display name",
        '          description: x',
      ),
    );
    const run = tsx('scripts/lint-spec.ts', [join(root, 'spec', 'session-api.yaml')]);
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/owasp:api4:2023-string-limit/);
  });
});

describe('check:generated', { timeout: 120_000 }, () => {
  test('passes when the generated types match the spec', () => {
    const run = tsx('scripts/generate-types.ts', ['--check']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  test('fails, naming the stale file, when the spec changed without regenerating', () => {
    const root = specCopy('stale', (yaml) =>
      yaml.replace(
        '        userId:\n          type: string\n          minLength: 1',
        '        userId:\n          type: integer\n          minimum: 1',
      ),
    );
    const run = tsx('scripts/generate-types.ts', ['--check', '--root', root]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/stale: spec\/generated\/session-api\.ts/);
  });
});
