import { describe, expect, test } from 'vitest';
import { displayNameProblem } from './display-name.ts';

describe('display names', () => {
  test.for([
    ['a space only', ' '],
    ['a zero-width space only', '\u200B'],
    ['a right-to-left override and NUL', '\u202E\u0000'],
    ['a lone surrogate', '\uD800'],
    ['a name with a lone surrogate in it', 'Ada\uDC00'],
    ['a name with a control character in it', 'Ada\u0007'],
    ['a name with a bidi isolate in it', 'Ada\u2066'],
    ['a combining mark alone', '\u0301'],
  ])('refuses %s', ([, name]) => {
    expect(displayNameProblem(name!)).toMatch(/visible character/);
  });

  test.for([
    ['a plain name', 'Ada Lovelace'],
    ['accents and other scripts', 'Zoë 李 Алиса'],
    ['an emoji joined by ZWJ', 'Family \u{1F468}\u200D\u{1F469}\u200D\u{1F467}'],
    ['punctuation only', '?!'],
  ])('accepts %s', ([, name]) => {
    expect(displayNameProblem(name!)).toBeUndefined();
  });
});
