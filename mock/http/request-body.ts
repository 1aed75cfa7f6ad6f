/**
 * Reading a request body in the order docs/rules.md §17 sets: a body that cannot
 * be read answers before credentials are looked at (413 comes from Fastify's
 * body limit; 415 and 400 from here).
 */
import type { FastifyRequest } from 'fastify';
import { failure, success, type Outcome } from '../domain/index.ts';

/** `application/json`, or any `application/...+json`, optionally with a UTF-8 charset. */
const jsonMediaType = /^application\/(?:[\w.-]+\+)?json$/i;
// One for every request: without `stream`, each decode stands alone.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The parsed JSON body; `undefined` when none was sent. Anything but JSON in
 * UTF-8 is a 415, and text that is not JSON a 400.
 */
export function readJsonBody(request: FastifyRequest): Outcome<unknown> {
  const raw = request.body as Buffer | undefined;
  const contentType = request.headers['content-type'];
  if (raw === undefined || raw.length === 0) {
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
    text = utf8.decode(raw);
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
