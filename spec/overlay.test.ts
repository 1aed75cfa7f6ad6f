import { describe, expect, test } from 'vitest';
import { applyOverlay, parsePath } from './overlay.ts';

const document = {
  paths: {
    '/a': { get: { responses: { '200': { description: 'ok' } } } },
    '/b': {
      parameters: [{ name: 'shared' }],
      post: { responses: { '400': { description: 'bad' } } },
      delete: { parameters: [{ name: 'own' }], responses: { '204': { $ref: '#/components/responses/Gone' } } },
    },
  },
  components: { responses: { Gone: { description: 'gone' } } },
};

describe('applyOverlay', () => {
  test('merges an update into every operation a filter selects, and skips path-level arrays', () => {
    const { document: result, matches } = applyOverlay(document, {
      overlay: '1.0.0',
      actions: [{ target: '$.paths.*[?@.responses]', update: { parameters: [{ name: 'ns' }] } }],
    });
    expect(matches).toEqual([3]);
    expect(result.paths['/a'].get).toHaveProperty('parameters', [{ name: 'ns' }]);
    // Arrays are concatenated, as Overlay 1.0 merges them.
    expect(result.paths['/b'].delete.parameters).toEqual([{ name: 'own' }, { name: 'ns' }]);
    expect(result.paths['/b'].parameters).toEqual([{ name: 'shared' }]);
  });

  test('a negated existence test selects only the operations that lack the member', () => {
    const { document: result, matches } = applyOverlay(document, {
      overlay: '1.0.0',
      actions: [
        {
          target: "$.paths.*[?@.responses && !@.responses['400']].responses",
          update: { '400': { description: 'namespace' } },
        },
      ],
    });
    expect(matches).toEqual([2]);
    expect(result.paths['/a'].get.responses).toHaveProperty('400', { description: 'namespace' });
    expect(result.paths['/b'].post.responses['400']).toEqual({ description: 'bad' });
  });

  test("a filter on ['$ref'] tells references from answers written in place", () => {
    const { document: result, matches } = applyOverlay(document, {
      overlay: '1.0.0',
      actions: [{ target: "$.paths.*[?@.responses].responses[?!@['$ref']]", update: { headers: { 'X-Id': {} } } }],
    });
    expect(matches).toEqual([2]);
    expect(result.paths['/b'].delete.responses['204']).toEqual({ $ref: '#/components/responses/Gone' });
    expect(result.paths['/b'].post.responses['400']).toHaveProperty('headers', { 'X-Id': {} });
  });

  test('leaves its input as it was and gives each target its own copy of the update', () => {
    const before = structuredClone(document);
    const { document: result } = applyOverlay(document, {
      overlay: '1.0.0',
      actions: [{ target: '$.components.responses', update: { A: { description: 'a' }, B: { description: 'b' } } }],
    });
    expect(document).toEqual(before);
    expect(result.components.responses).toHaveProperty('A', { description: 'a' });
  });

  test('remove drops what the target selects', () => {
    const { document: result } = applyOverlay(document, {
      overlay: '1.0.0',
      actions: [{ target: "$.paths['/b'].delete", remove: true }],
    });
    expect(result.paths['/b']).not.toHaveProperty('delete');
    expect(result.paths['/b']).toHaveProperty('post');
  });

  test('refuses an overlay of another major version and a JSONPath outside the subset, naming the path', () => {
    expect(() => applyOverlay(document, { overlay: '2.0.0', actions: [] })).toThrow(/Overlay 1.x/);
    expect(() => parsePath('$..responses')).toThrow(/\$\.\.responses needs a name at character 3/);
    expect(() => parsePath('$.paths[0]')).toThrow(/needs a quoted name/);
    expect(() => parsePath("$.paths['/a")).toThrow(/a closing '/);
  });

  test('an update that is not an object cannot change a string', () => {
    expect(() =>
      applyOverlay(document, {
        overlay: '1.0.0',
        actions: [{ target: '$.components.responses.Gone.description', update: 'x' }],
      }),
    ).toThrow(/cannot change/);
  });
});
