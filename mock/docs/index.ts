export { createDocsHandler } from './register-docs.ts';
export type { DocsHandler, DocsOptions } from './register-docs.ts';
