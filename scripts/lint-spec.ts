/**
 * `npm run lint:spec`: every document in spec/ must be valid OpenAPI (swagger-parser),
 * clean under Redocly's recommended rules and under Spectral's OpenAPI and OWASP rules
 * (.spectral.yaml, which says why each rule it turns off is off), warnings included.
 * Offline: every ruleset comes from node_modules.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { mockControlFile, sessionApiFile } from '../spec/index.ts';

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [sessionApiFile, mockControlFile];
let failed = false;

for (const file of files) {
  try {
    await SwaggerParser.validate(file);
    console.log(`swagger-parser: ${file} is valid`);
  } catch (error) {
    failed = true;
    console.error(`swagger-parser: ${file} is invalid: ${(error as Error).message}`);
  }
}

const redocly = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const lint = spawnSync(process.execPath, [redocly, 'lint', '--format=stylish', ...files], {
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
const output = `${lint.stdout}${lint.stderr}`
  .split('\n')
  .filter((line) => !/[║╔╚]/.test(line))
  .join('\n')
  .trim();
console.log(output);
if (lint.status !== 0 || /\d+ warnings?/.test(output)) {
  failed = true;
  console.error(
    'redocly: the spec has problems (see above); fix them or, with a reason, list them in .redocly.lint-ignore.yaml',
  );
}

/**
 * The ruleset of the checkout a document belongs to (`<root>/.spectral.yaml` for `<root>/spec/x.yaml`), else
 * this repository's: its overrides name files relative to itself.
 */
const repoRuleset = new URL('../.spectral.yaml', import.meta.url).pathname;
const rulesetOf = (file: string): string => {
  const own = join(dirname(dirname(resolve(file))), '.spectral.yaml');
  return existsSync(own) ? own : repoRuleset;
};
const byRuleset = new Map<string, string[]>();
for (const file of files) byRuleset.set(rulesetOf(file), [...(byRuleset.get(rulesetOf(file)) ?? []), file]);
const spectral = createRequire(import.meta.url).resolve('@stoplight/spectral-cli/dist/index.js');
for (const [ruleset, rulesetFiles] of byRuleset) {
  // --fail-severity hint: a warning fails the lint too, as with Redocly above.
  const run = spawnSync(
    process.execPath,
    [spectral, 'lint', '--ruleset', ruleset, '--format', 'text', '--fail-severity', 'hint', ...rulesetFiles],
    { encoding: 'utf8' },
  );
  const findings = `${run.stdout}${run.stderr}`.trim();
  if (run.status === 0) {
    console.log(`spectral (${ruleset}): ${rulesetFiles.join(', ')} clean`);
  } else {
    failed = true;
    console.error(findings);
    console.error(
      'spectral: the spec has findings (see above); fix them or, with the reason beside it, ' +
        `turn the rule off in ${ruleset}`,
    );
  }
}
process.exitCode = failed ? 1 : 0;
