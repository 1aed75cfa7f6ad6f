export { createDocsHandler, docsPaths } from './register-docs.ts';
export type { DocsHandler, DocsOptions } from './register-docs.ts';
