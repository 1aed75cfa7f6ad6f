export { buildMock } from './http/app.ts';
export type { Mock, MockParts } from './http/app.ts';
export { configDefaults, parseConfig, ConfigError } from './config.ts';
export type { MockConfig } from './config.ts';
