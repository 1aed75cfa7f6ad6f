/**
 * Checks hub events against spec/session-events.asyncapi.yaml, for tests: the
 * document is the truth about the payloads, the hub must fit it.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import type { SessionEvent } from '../hub/index.ts';

export const sessionEventsDocument = parse(
  readFileSync(new URL('../../spec/session-events.asyncapi.yaml', import.meta.url), 'utf8'),
);
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ ...sessionEventsDocument, $id: 'asyncapi' });

/** The ways an event breaks the schema of its message (empty: it fits). */
export function eventErrors(event: SessionEvent): string[] {
  const messageRef: string = sessionEventsDocument.components.messages[event.eventType]?.payload?.$ref ?? '';
  const validate = messageRef === '' ? undefined : ajv.getSchema(`asyncapi${messageRef}`);
  if (!validate) return [`no documented message for ${String(event.eventType)}`];
  return validate(event)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath || '(event)'} ${error.message}`);
}
