/**
 * The suite's failure messages read as sentences: what was expected, what came and the rule,
 * never bare assertion text such as `expected [ '/0' ] to include ''`.
 */
import { describe, expect, test } from 'vitest';
import { describeFailure } from '../client/index.ts';
import { expectListed, expectSame, wordedExpect } from '../suite/verdicts.ts';

function messageOf(check: () => void): string {
  try {
    check();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the check passed, but it was given a wrong value');
}

describe("the suite's failure messages", () => {
  test('say in words what the list should have held and what it held', () => {
    const message = messageOf(() =>
      wordedExpect(['/0'], 'validation errors list the offending fields: (the body) must be among them').toContain(''),
    );
    expect(message).toBe(
      'validation errors list the offending fields: (the body) must be among them: ' +
        'the value should include "", but it was ["/0"]',
    );
  });

  test('say "should not" for a negated expectation', () => {
    const message = messageOf(() => wordedExpect('abc', 'two nonces must differ').not.toBe('abc'));
    expect(message).toBe('two nonces must differ: the value should not be "abc", but it was "abc"');
  });

  test('name the subject, the expected and the actual value and the rule', () => {
    expect(messageOf(() => expectSame(2, 7, 'maxUsers in the create answer', 'create answers its rules'))).toBe(
      'maxUsers in the create answer should be 7, but it was 2\n  rule: create answers its rules',
    );
    expect(messageOf(() => expectListed(['a'], 'b', 'the members after the join'))).toBe(
      'the members after the join should include "b", but it held ["a"]',
    );
  });

  test('describe a wrong status with the request, the status and the rule', () => {
    const message = describeFailure(
      {
        method: 'POST',
        url: 'http://127.0.0.1:4010/v1/session/join',
        path: '/session/join',
        requestHeaders: {},
        requestBody: '{"sessionId":"s"}',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"sessionId":"s"}',
        durationMs: 1,
      },
      'expected a refusal (a documented 4xx)',
      'join: a full session refuses a join',
    );
    expect(message.split('\n')).toEqual([
      'POST http://127.0.0.1:4010/v1/session/join -> 200: expected a refusal (a documented 4xx)',
      '  rule: join: a full session refuses a join',
      '  request body: {"sessionId":"s"}',
      '  response (application/json): {"sessionId":"s"}',
    ]);
  });

  test('refuse a matcher that has no words yet', () => {
    expect(() => (wordedExpect(1) as unknown as { toBeNaN(): void }).toBeNaN()).toThrow(/no words for the matcher/);
  });
});
