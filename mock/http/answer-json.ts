/**
 * The JSON text of the API's answers, by serialisers that fast-json-stringify compiles from the spec's
 * response schemas (each on first use): about twice as fast as `JSON.stringify` on the session views, whose
 * text was 8% of a GET's CPU (scripts/bench/README.md). Node only: the core's default, for the browser, stays
 * `JSON.stringify`. The text is the same as `JSON.stringify`'s, byte for byte, for every answer the views
 * make (answer-json.test.ts); an operation or status without a schema gets `JSON.stringify`.
 */
import fastJson from 'fast-json-stringify';
import type { ApiDescription } from '../../spec/index.ts';
import type { AnswerJson } from '../core/index.ts';

export function createAnswerJson(api: ApiDescription): AnswerJson {
  const compiled = new Map<string, (value: unknown) => string>();
  return (operationId, status, value) => {
    const key = `${operationId} ${status}`;
    let serialise = compiled.get(key);
    if (serialise === undefined) {
      const schema = api.responseSchema(operationId, status);
      serialise = schema === undefined ? JSON.stringify : fastJson(schema);
      compiled.set(key, serialise);
    }
    return serialise(value);
  };
}
