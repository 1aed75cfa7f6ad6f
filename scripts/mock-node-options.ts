/**
 * Node's options for the mock, as `npm start` (package.json) passes them: a young
 * generation of 32 MiB a half instead of 16, because the journal keeps every
 * request's headers and body alive past a scavenge, and with 16 MiB the copying
 * of those survivors took about a fifth of the mock's CPU (scripts/bench/README.md).
 */
export const mockNodeOptions: readonly string[] = ['--max-semi-space-size=32'];
