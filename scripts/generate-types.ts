/**
 * Generates TypeScript types from the OpenAPI documents in spec/ with openapi-typescript.
 *
 *   tsx scripts/generate-types.ts                write spec/generated/*.ts
 *   tsx scripts/generate-types.ts --check        fail (exit 1) when a committed file is stale
 *   tsx scripts/generate-types.ts --root DIR     work on another checkout (tests use a copy)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const rootIndex = process.argv.indexOf('--root');
const root =
  rootIndex > 0
    ? pathToFileURL(`${process.argv[rootIndex + 1]!.replace(/\/$/, '')}/`)
    : new URL('../', import.meta.url);

/** Each document and the file its types go to. */
const generatedFiles = [
  { spec: 'spec/session-api.yaml', output: 'spec/generated/session-api.ts' },
  { spec: 'spec/mock-control.yaml', output: 'spec/generated/mock-control.ts' },
] as const;

async function renderTypes(specPath: string): Promise<string> {
  // defaultNonNullable off: a request field with a default is still optional to send.
  const ast = await openapiTS(new URL(specPath, root), { defaultNonNullable: false });
  return (
    `// Generated from ${specPath} by \`npm run generate\` (openapi-typescript). Do not edit:\n` +
    `// change the spec and regenerate; \`npm test\` fails when this file is stale.\n\n` +
    astToString(ast)
  );
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { spec, output } of generatedFiles) {
    const fresh = await renderTypes(spec);
    const path = fileURLToPath(new URL(output, root));
    if (!check) {
      await writeFile(path, fresh);
      console.log(`wrote ${output} from ${spec}`);
      continue;
    }
    const committed = await readFile(path, 'utf8').catch(() => '');
    if (committed === fresh) {
      console.log(`fresh: ${output}`);
    } else {
      stale++;
      console.error(`stale: ${output} does not match ${spec}. Run \`npm run generate\` and commit the result.`);
    }
  }
  if (stale > 0) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
