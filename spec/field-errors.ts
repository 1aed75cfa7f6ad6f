/**
 * Ajv's errors as one error per field, pointing at the field itself: the same
 * for validators compiled at run time (spec/api-description.ts) and ahead of time
 * (spec/precompiled-api.ts). Pure code: it runs in a browser too.
 */
import type { ErrorObject } from 'ajv';

/** One field of a body that breaks the schema: RFC 6901 pointer and message. */
export interface FieldError {
  pointer: string;
  message: string;
}

export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Turns Ajv's errors into one error per field, pointing at the field itself. */
export function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  const byPointer = new Map<string, string[]>();
  const pointers = errors.map((error) => error.instancePath);
  for (const error of errors) {
    // In `oneOf: [X, null]` the null branch fails whenever X does; the X branch's
    // errors say what is wrong, so drop "must be null" when there are others.
    const nullBranch = error.keyword === 'type' && error.params.type === 'null';
    if (nullBranch && pointers.some((other, i) => errors[i] !== error && other.startsWith(error.instancePath)))
      continue;
    let pointer = error.instancePath;
    if (error.keyword === 'required') pointer += `/${escapePointer(String(error.params.missingProperty))}`;
    if (error.keyword === 'additionalProperties')
      pointer += `/${escapePointer(String(error.params.additionalProperty))}`;
    const message =
      error.keyword === 'additionalProperties'
        ? 'is not allowed'
        : error.keyword === 'required'
          ? 'is required'
          : (error.message ?? 'is invalid');
    const messages = byPointer.get(pointer) ?? [];
    // A oneOf (value or null) reports each branch and then itself; the branches say it better.
    if (
      error.keyword === 'oneOf' &&
      errors.some((other) => other !== error && other.instancePath.startsWith(error.instancePath))
    )
      continue;
    if (!messages.includes(message)) messages.push(message);
    byPointer.set(pointer, messages);
  }
  return [...byPointer].map(([pointer, messages]) => ({ pointer, message: messages.join('; ') }));
}
