import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, test } from 'vitest';
import { ApiDescription, mockOverlayFile, readSpecDocument, sessionApiFile } from './api-description.ts';
import { applyOverlay, type OverlayDocument } from './overlay.ts';

const pure = ApiDescription.fromFile(sessionApiFile, 'session-api');
const mock = ApiDescription.mockFromFile();

const problem = (status: number, type: string) =>
  JSON.stringify({ type: `urn:session-api:problem:${type}`, title: 'Title', status, detail: 'What to do.' });
const problemHeaders = { 'content-type': 'application/problem+json', 'x-request-id': 'req-1' };

describe('the mock overlay over the Session API', () => {
  test('every action of spec/mock-overlay.yaml selects something in spec/session-api.yaml', () => {
    const overlay = readSpecDocument(mockOverlayFile) as OverlayDocument;
    const { matches } = applyOverlay(readSpecDocument(sessionApiFile), overlay);
    expect(matches).toHaveLength(overlay.actions.length);
    for (const count of matches) expect(count).toBeGreaterThan(0);
  });

  test('the Session API with the overlay applied is still a valid OpenAPI document', async () => {
    const overlay = readSpecDocument(mockOverlayFile) as OverlayDocument;
    const overlaid = applyOverlay(readSpecDocument(sessionApiFile), overlay);
    await expect(SwaggerParser.validate(overlaid.document as never)).resolves.toBeDefined();
  });

  test('an invalid X-Mock-Namespace 400 is valid against spec + overlay but not against the pure spec', () => {
    const answer = { status: 400, headers: problemHeaders, body: problem(400, 'invalid-namespace') };
    expect(mock.checkResponse('getCurrentSession', answer)).toEqual([]);
    expect(pure.checkResponse('getCurrentSession', answer)).toEqual([
      expect.stringMatching(/^status 400 is not documented for getCurrentSession/),
    ]);
  });

  test('a full registry of worlds is a 503 that must carry Retry-After, on operations the API gives none', () => {
    const answer = { status: 503, headers: problemHeaders, body: problem(503, 'namespaces-full') };
    expect(mock.checkResponse('kickUser', answer)).toEqual(['header retry-after is required on 503 but missing']);
    expect(mock.checkResponse('kickUser', { ...answer, headers: { ...problemHeaders, 'retry-after': '5' } })).toEqual(
      [],
    );
    expect(pure.operation('kickUser').responses.has(503)).toBe(false);
  });

  test("an injected fault's status outside the documented ones is judged by the 4XX and 5XX ranges", () => {
    const teapot = { status: 418, headers: problemHeaders, body: problem(418, 'injected-fault') };
    expect(mock.checkResponse('getWalletNonce', teapot)).toEqual([]);
    expect(mock.checkResponse('getWalletNonce', { ...teapot, body: '{"status":418}' })).toEqual([
      'body/type is required',
      'body/title is required',
    ]);
    expect(mock.checkResponse('getWalletNonce', { ...teapot, status: 302 })).toEqual([
      expect.stringMatching(/^status 302 is not documented/),
    ]);
    expect(pure.checkResponse('getWalletNonce', teapot)).toHaveLength(1);
  });

  test('in the mock view every answer must carry X-Request-Id; the pure spec does not ask for it', () => {
    const gone = { status: 404, headers: { 'content-type': 'application/problem+json' }, body: problem(404, 'x') };
    const missing = 'header x-request-id is required on 404 but missing';
    expect(mock.checkResponse('getCurrentSession', gone)).toEqual([missing]);
    expect(pure.checkResponse('getCurrentSession', gone)).toEqual([]);
    const ok = mock.operation('disconnectSession').responses.get(200);
    expect(ok?.requiredHeaders).toEqual(['x-request-id']);
  });

  test('every operation of the mock view takes X-Mock-Namespace, and the pure spec is left as written', () => {
    const overlaid = applyOverlay(
      readSpecDocument(sessionApiFile) as { paths: Record<string, Record<string, { parameters?: unknown[] }>> },
      readSpecDocument(mockOverlayFile) as OverlayDocument,
    ).document;
    for (const item of Object.values(overlaid.paths)) {
      for (const operation of Object.values(item)) {
        expect(operation.parameters).toContainEqual({ $ref: '#/components/parameters/MockNamespace' });
      }
    }
    expect(JSON.stringify(readSpecDocument(sessionApiFile))).not.toContain('X-Mock-Namespace');
    expect(pure.operations.map((operation) => operation.operationId)).toEqual(
      mock.operations.map((operation) => operation.operationId),
    );
  });
});

describe('request bodies', () => {
  test('disconnect declares a body that is ignored (any content, empty schema), so validators let one through', () => {
    const ignored = pure.operations.filter((operation) => operation.requestBody?.ignored);
    expect(ignored.map((operation) => operation.operationId)).toEqual(['disconnectSession']);
    expect(pure.operation('disconnectSession').requestBody).toEqual({ required: false, ignored: true });
  });

  test('the bodies an operation reads are not ignored', () => {
    for (const operationId of ['verifyWalletProof', 'createSession', 'joinSession', 'kickUser']) {
      expect(pure.operation(operationId).requestBody?.ignored, operationId).toBe(false);
    }
  });
});
