/**
 * `npm run lint:spec`: every document in spec/ must be valid OpenAPI (swagger-parser)
 * and clean under Redocly's recommended rules, warnings included.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
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
process.exitCode = failed ? 1 : 0;
