/** The module scripts/build-msw.ts generates for the browser bundle (spec/precompile.ts makes its parts). */
declare module 'virtual:session-api-mock/precompiled' {
  import type { ValidateFunction } from 'ajv';
  import type { SerializedOperation } from '../../spec/precompiled-api.ts';

  type Document = { readonly basePath: string; readonly operations: readonly SerializedOperation[] };
  export const documents: { readonly api: Document; readonly control: Document };
  /** Keyed `<document>/<key>`: `api/request:createSession`, `control/schema:Snapshot`. */
  export const validators: Readonly<Record<string, ValidateFunction>>;
  /** The shipped scenarios, parsed, by name. */
  export const scenarios: Readonly<Record<string, unknown>>;
}
