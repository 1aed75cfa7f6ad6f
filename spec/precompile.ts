/**
 * Compiles the validators the mock's core runs (every request body, and the named
 * schemas it checks) ahead of time, as Ajv's standalone code: scripts/build-msw.ts
 * bundles the result for browsers, where compiling at run time would need `new Function`
 * (refused by a strict Content-Security-Policy). The options are ApiDescription's, so
 * the errors, and the problems made of them, are the same.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import standaloneModule from 'ajv/dist/standalone/index.js';
import type { ApiDescription } from './api-description.ts';
import { serializeOperation, type SerializedOperation } from './precompiled-api.ts';

// Both are CommonJS; under NodeNext their default exports arrive wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const standaloneCode = standaloneModule as unknown as typeof standaloneModule.default;

export interface PrecompileEntry {
  readonly description: ApiDescription;
  /** Component schemas the core checks by name besides the request bodies (such as `Snapshot`). */
  readonly schemas: readonly string[];
}

export interface PrecompiledSources {
  /** CommonJS: every validator, exported under `<document>/<key>` (keys of PrecompiledDocument.validators). */
  readonly validatorsCode: string;
  /** By document: its base path and operations, as JSON. */
  readonly documents: Record<string, { basePath: string; operations: SerializedOperation[] }>;
}

export function precompile(entries: Readonly<Record<string, PrecompileEntry>>): PrecompiledSources {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, code: { source: true } });
  addFormats(ajv);
  const exports: Record<string, string> = {};
  const documents: PrecompiledSources['documents'] = {};
  for (const [name, entry] of Object.entries(entries)) {
    const input = entry.description.precompileInput(entry.schemas);
    ajv.addSchema(input.document as object, input.id);
    for (const [key, ref] of Object.entries(input.refs)) exports[`${name}/${key}`] = ref;
    documents[name] = {
      basePath: entry.description.basePath,
      operations: entry.description.operations.map(serializeOperation),
    };
  }
  return { validatorsCode: standaloneCode(ajv, exports), documents };
}
