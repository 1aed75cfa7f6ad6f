/**
 * What a display name (`identity.name`) may hold, as spec/session-api.yaml
 * (Identity.name) states it: letters, marks, digits, punctuation, symbols and
 * spaces, with zero-width (non-)joiners inside emoji and scripts that need them;
 * at least one letter, digit, punctuation mark or symbol. Control characters,
 * other invisible formatting characters (U+200B, bidi overrides and isolates),
 * line separators, private-use, unassigned code points and lone surrogates are not.
 */
const allowed = /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\u200C\u200D]*$/u;
const visible = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** Why `name` is no display name, or undefined when it is one. */
export function displayNameProblem(name: string): string | undefined {
  if (allowed.test(name) && visible.test(name)) return undefined;
  return (
    'must contain at least one visible character (a letter, digit, punctuation mark or symbol) and only those, ' +
    'combining marks and spaces: no control characters, no invisible formatting characters such as U+200B or U+202E, ' +
    'no lone surrogates'
  );
}
