/**
 * A document of spec/ with its validators compiled ahead of time (Ajv's
 * standalone code, made by spec/precompile.ts when scripts/build-msw.ts bundles
 * the mock for a browser): no YAML parser, no Ajv compiler, no `eval` or
 * `new Function` at run time, so pages with a strict Content-Security-Policy can run it.
 */
import type { ValidateFunction } from 'ajv';
import type { ApiContract, OperationDescription, ResponseDescription } from './api-description.ts';
import { toFieldErrors, type FieldError } from './field-errors.ts';

/** An operation as JSON: the maps of OperationDescription as entry lists. */
export type SerializedOperation = Omit<OperationDescription, 'responses' | 'responseRanges'> & {
  readonly responses: readonly (readonly [number, ResponseDescription])[];
  readonly responseRanges: readonly (readonly [string, ResponseDescription])[];
};

export interface PrecompiledDocument {
  readonly basePath: string;
  readonly operations: readonly SerializedOperation[];
  /** By key: `request:<operationId>` for every request body, `schema:<Name>` for the named schemas built in. */
  readonly validators: Readonly<Record<string, ValidateFunction>>;
}

export function serializeOperation(operation: OperationDescription): SerializedOperation {
  return { ...operation, responses: [...operation.responses], responseRanges: [...operation.responseRanges] };
}

export class PrecompiledApi implements ApiContract {
  readonly basePath: string;
  readonly operations: readonly OperationDescription[];
  private readonly byId: ReadonlyMap<string, OperationDescription>;

  constructor(private readonly precompiled: PrecompiledDocument) {
    this.basePath = precompiled.basePath;
    this.operations = precompiled.operations.map((operation) => ({
      ...operation,
      responses: new Map(operation.responses),
      responseRanges: new Map(operation.responseRanges),
    }));
    this.byId = new Map(this.operations.map((operation) => [operation.operationId, operation]));
  }

  operation(operationId: string): OperationDescription {
    const operation = this.byId.get(operationId);
    if (!operation)
      throw new Error(`No operation "${operationId}" in the spec; known: ${[...this.byId.keys()].join(', ')}`);
    return operation;
  }

  validateRequestBody(operationId: string, body: unknown): FieldError[] {
    // An operation without a request body takes any; every other one has its validator built in.
    if (this.operation(operationId).requestBody === undefined) return [];
    return this.check(`request:${operationId}`, body);
  }

  checkSchema(name: string, value: unknown): FieldError[] {
    return this.check(`schema:${name}`, value);
  }

  private check(key: string, value: unknown): FieldError[] {
    const validate = this.precompiled.validators[key];
    if (!validate) throw new Error(`The validator ${key} was not compiled in; add it to spec/precompile.ts`);
    return validate(value) ? [] : toFieldErrors(validate.errors ?? []);
  }
}
