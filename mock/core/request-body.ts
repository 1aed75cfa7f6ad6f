/**
 * Reading a request body the way docs/rules.md §17 orders it: a body that cannot
 * be read answers before credentials are looked at, and of its flaws the size
 * comes first (413), then the media type (415), then the text (400).
 */
import { failure, success, type Outcome } from '../domain/index.ts';

/** `application/json`, or any `application/...+json`, optionally with a UTF-8 charset. */
const jsonMediaType = /^application\/(?:[\w.-]+\+)?json$/i;
// One for every request: without `stream`, each decode stands alone.
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface RawBody {
  readonly bytes: Uint8Array | undefined;
  readonly contentType: string | undefined;
  /** The body passed the limit (its bytes past it were not kept). */
  readonly tooLarge?: boolean | undefined;
  readonly limitBytes: number;
}

/**
 * The parsed JSON body; `undefined` when none was sent. Past the limit it is a 413
 * whatever its type; anything but JSON in UTF-8 is a 415, and text that is not JSON a 400.
 */
export function readJsonBody(raw: RawBody): Outcome<unknown> {
  const { bytes, contentType } = raw;
  if (raw.tooLarge) return failure('content-too-large', `The body is larger than ${raw.limitBytes} bytes.`);
  if (bytes === undefined || bytes.length === 0) {
    if (contentType === undefined || isJson(contentType)) return success(undefined);
  }
  if (contentType === undefined || !isJson(contentType)) {
    return failure(
      'unsupported-media-type',
      `Send the body as application/json in UTF-8, not ${contentType ?? 'without a Content-Type'}.`,
    );
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return failure('malformed-json', 'The body is not valid UTF-8.');
  }
  try {
    return success(JSON.parse(text));
  } catch (error) {
    return failure('malformed-json', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

function isJson(contentType: string): boolean {
  if (contentType === 'application/json') return true;
  const [mediaType, ...parameters] = contentType.split(';');
  if (!jsonMediaType.test(mediaType!.trim())) return false;
  return parameters.every((parameter) => {
    const [name, value] = parameter.split('=').map((part) => part.trim().toLowerCase());
    return name !== 'charset' || value === 'utf-8' || value === 'utf8' || value === '"utf-8"';
  });
}
