/**
 * What the mock under MSW takes from its platform in the bundle scripts/build-msw.ts
 * makes (it puts this module in ./platform.ts's place): the spec and the shipped
 * scenarios built in, validators compiled ahead of time (no eval: strict CSP pages
 * work), PBKDF2 through WebCrypto. No Node built-in.
 */
// Made by scripts/build-msw.ts at build time (mock/msw/precompiled-spec.d.ts describes it).
import { documents, scenarios, validators } from 'virtual:session-api-mock/precompiled';
import { PrecompiledApi } from '../../spec/precompiled-api.ts';
import { webPasswords } from '../services/password-hashes.ts';
import { EmbeddedScenarios } from './embedded-scenarios.ts';
import type { MswPlatform } from './platform.ts';

let loaded: MswPlatform | undefined;

/** The validators of one document: their keys without the document's prefix (spec/precompile.ts). */
function validatorsOf(document: string) {
  const prefix = `${document}/`;
  return Object.fromEntries(
    Object.entries(validators)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, validate]) => [key.slice(prefix.length), validate]),
  );
}

export function mswPlatform(): MswPlatform {
  if (!loaded) {
    const api = new PrecompiledApi({ ...documents.api, validators: validatorsOf('api') });
    const control = new PrecompiledApi({ ...documents.control, validators: validatorsOf('control') });
    loaded = { api, control, scenarios: new EmbeddedScenarios(control, scenarios), passwords: webPasswords };
  }
  return loaded;
}
