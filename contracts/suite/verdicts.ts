/**
 * The suite's assertions about values, each failing with a sentence that says what was
 * expected, what came and which rule asked for it, never with bare assertion text
 * (`expected [ '/0' ] to include ''`). Status and spec checks are `api.expectStatus`
 * and `api.expectRefused` (fixtures.ts); everything else goes through these.
 */
import { isDeepStrictEqual, inspect } from 'node:util';
import { expect as vitestExpect, type Assertion } from 'vitest';

/** A failed check of the contract suite; its message is the whole story. */
export class ContractFailure extends Error {
  override name = 'ContractFailure';
}

/** A value as a reader wants to see it: JSON where possible, short. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? inspect(value);
  } catch {
    text = inspect(value, { depth: 3 });
  }
  return text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text;
}

function fail(sentence: string, rule: string | undefined): never {
  throw new ContractFailure(rule ? `${sentence}\n  rule: ${rule}` : sentence);
}

/** `what` must equal `expected` (deeply). */
export function expectSame(actual: unknown, expected: unknown, what: string, rule?: string): void {
  if (!isDeepStrictEqual(actual, expected))
    fail(`${what} should be ${show(expected)}, but it was ${show(actual)}`, rule);
}

/** `what` must differ from `other`. */
export function expectDifferent(actual: unknown, other: unknown, what: string, rule?: string): void {
  if (isDeepStrictEqual(actual, other)) fail(`${what} should differ from ${show(other)}, but it was the same`, rule);
}

/** The list `what` must contain `item`. */
export function expectListed(list: readonly unknown[] | undefined, item: unknown, what: string, rule?: string): void {
  if (!list?.some((entry) => isDeepStrictEqual(entry, item)))
    fail(`${what} should include ${show(item)}, but it held ${show(list)}`, rule);
}

/** The list `what` must not contain `item`. */
export function expectUnlisted(list: readonly unknown[] | undefined, item: unknown, what: string, rule?: string): void {
  if (list?.some((entry) => isDeepStrictEqual(entry, item)))
    fail(`${what} should no longer include ${show(item)}, but it held ${show(list)}`, rule);
}

/** `what` must lie in [low, high]. */
export function expectBetween(actual: unknown, low: number, high: number, what: string, rule?: string): void {
  if (typeof actual !== 'number' || !(actual >= low && actual <= high))
    fail(`${what} should be between ${low} and ${high}, but it was ${show(actual)}`, rule);
}

/** `what` must match `pattern`. */
export function expectMatch(actual: string | undefined, pattern: RegExp, what: string, rule?: string): void {
  if (actual === undefined || !pattern.test(actual))
    fail(`${what} should match ${pattern}, but it was ${show(actual)}`, rule);
}

/** `what` must not match `pattern`. */
export function expectNoMatch(actual: string | undefined, pattern: RegExp, what: string, rule?: string): void {
  if (actual !== undefined && pattern.test(actual))
    fail(`${what} should not match ${pattern}, but it was ${show(actual)}`, rule);
}

/** `what` (a text) must not contain `secret`. */
export function expectAbsent(text: string, secret: string, what: string, rule?: string): void {
  if (text.includes(secret)) fail(`${what} should not contain ${show(secret)}, but it did`, rule);
}

/** The object `what` must hold every field of `expected` with the same value. */
export function expectFields(actual: unknown, expected: Record<string, unknown>, what: string, rule?: string): void {
  const wrong = Object.entries(expected)
    .filter(([key, value]) => !isDeepStrictEqual((actual as Record<string, unknown> | undefined)?.[key], value))
    .map(
      ([key, value]) => `${key} should be ${show(value)} but was ${show((actual as Record<string, unknown>)?.[key])}`,
    );
  if (wrong.length > 0) fail(`${what}: ${wrong.join('; ')}`, rule);
}

/** How each matcher the suite uses reads in a sentence ("should ..."). */
const matcherWords: Record<string, (args: unknown[]) => string> = {
  toBe: ([value]) => `be ${show(value)}`,
  toEqual: ([value]) => `equal ${show(value)}`,
  toStrictEqual: ([value]) => `equal ${show(value)}`,
  toContain: ([item]) => `include ${show(item)}`,
  toHaveLength: ([length]) => `have ${show(length)} entries`,
  toMatch: ([pattern]) => `match ${String(pattern)}`,
  toMatchObject: ([fields]) => `hold the fields ${show(fields)}`,
  toBeGreaterThan: ([bound]) => `be greater than ${show(bound)}`,
  toBeGreaterThanOrEqual: ([bound]) => `be at least ${show(bound)}`,
  toBeLessThan: ([bound]) => `be less than ${show(bound)}`,
  toBeLessThanOrEqual: ([bound]) => `be at most ${show(bound)}`,
  toBeDefined: () => 'be present',
  toBeUndefined: () => 'be absent',
};

/**
 * vitest's `expect(value, message)`, but a failure reads as a sentence: "<message>: the value should
 * be "host", but it was "guest"", never as bare assertion text. Only the matchers above are allowed,
 * so that each has its words.
 */
export function wordedExpect<T>(actual: T, message?: string): Assertion<T> {
  const build = (negated: boolean): unknown =>
    new Proxy(
      {},
      {
        get(_target, name) {
          if (name === 'not') return build(!negated);
          const words = typeof name === 'string' ? matcherWords[name] : undefined;
          if (!words) throw new Error(`wordedExpect has no words for the matcher ${String(name)}; add them`);
          return (...args: unknown[]) => {
            const base = vitestExpect(actual);
            try {
              ((negated ? base.not : base) as unknown as Record<string, (...a: unknown[]) => void>)[name as string]!(
                ...args,
              );
            } catch {
              const sentence = `the value should ${negated ? 'not ' : ''}${words(args)}, but it was ${show(actual)}`;
              throw new ContractFailure(message ? `${message}: ${sentence}` : sentence);
            }
          };
        },
      },
    );
  return build(false) as Assertion<T>;
}
