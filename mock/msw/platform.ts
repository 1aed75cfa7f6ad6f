/**
 * What the mock under MSW takes from its platform, here from the repository's
 * files (Node: vitest, setupServer): the spec with validators Ajv compiles at run
 * time, the shipped scenario files, scrypt. scripts/build-msw.ts puts
 * ./platform.browser.ts in this module's place for the browser bundle.
 */
import { ApiDescription, mockControlFile, sessionApiFile, type ApiContract } from '../../spec/index.ts';
import type { ScenarioLibrary } from '../core/index.ts';
import { ScenarioBook } from '../scenarios/scenario-book.ts';
import { nodePasswords } from '../services/passwords.ts';
import type { PasswordHasher } from '../services/index.ts';

export interface MswPlatform {
  readonly api: ApiContract;
  readonly control: ApiContract;
  readonly scenarios: ScenarioLibrary;
  readonly passwords: PasswordHasher;
}

let loaded: MswPlatform | undefined;

export function mswPlatform(): MswPlatform {
  if (!loaded) {
    const control = ApiDescription.fromFile(mockControlFile, 'mock-control');
    loaded = {
      api: ApiDescription.fromFile(sessionApiFile, 'session-api'),
      control,
      scenarios: new ScenarioBook({ control }),
      passwords: nodePasswords,
    };
  }
  return loaded;
}
