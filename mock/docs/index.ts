export { registerDocs } from './register-docs.ts';
export type { DocsOptions } from './register-docs.ts';
