import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ApiDescription, sessionApiFile } from '../../spec/index.ts';
import { createAnswerJson } from './answer-json.ts';

const api = ApiDescription.fromFile(sessionApiFile, 'session-api');
const answerJson = createAnswerJson(api);

const text = fc.string({ unit: 'binary', maxLength: 40 });
const user = fc.record({ id: text, role: fc.constantFrom('host', 'guest'), name: text, address: text });
const rules = {
  expiry: fc.integer({ min: 0, max: 2 ** 40 }),
  maxFiles: fc.integer({ min: 0, max: 2_147_483_647 }),
  maxUsers: fc.integer({ min: 1, max: 1000 }),
  maxTotalMegaBytes: fc.maxSafeInteger(),
  passwordProtected: fc.boolean(),
  whiteListAddresses: fc.array(text, { maxLength: 3 }),
};
const credentials = fc.record({ token: text, id: text, pseudonym: text, role: fc.constantFrom('host', 'guest') });
const session = fc.record({ id: text, creatorId: text, ...rules, users: fc.array(user, { maxLength: 4 }) });
const created = fc.record({
  sessionId: text,
  expiresIn: fc.integer({ min: 0, max: 2_147_483_647 }),
  credentials,
  rules: fc.record(rules),
});
const joined = fc.record({
  sessionId: text,
  expiresIn: fc.integer({ min: 0, max: 2_147_483_647 }),
  credentials,
  rules: fc.record(rules),
  users: fc.array(user, { maxLength: 4 }),
});

describe('the compiled answer serialisers', () => {
  test.each([
    ['getCurrentSession', session],
    ['createSession', created],
    ['joinSession', joined],
  ] as const)('%s: the same text as JSON.stringify, strings of any code units included', (operationId, answers) => {
    fc.assert(
      fc.property(answers, (value) => {
        expect(answerJson(operationId, 200, value)).toBe(JSON.stringify(value));
      }),
    );
  });

  test("every operation's documented 200 examples serialise as JSON.stringify does", () => {
    let checked = 0;
    for (const operation of api.operations) {
      for (const example of operation.responses.get(200)?.examples ?? []) {
        expect(answerJson(operation.operationId, 200, example), operation.operationId).toBe(JSON.stringify(example));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });

  test('a status without a schema is serialised by JSON.stringify', () => {
    expect(answerJson('getCurrentSession', 299, { b: 1, a: [2] })).toBe('{"b":1,"a":[2]}');
  });
});
