/**
 * `npm run spec:diff -- FILE-or-URL [--against spec/session-api.yaml] [--format text|markdown|json]`:
 * lists where a server's own OpenAPI document differs from ours in what a client sees
 * (contracts/runner/spec-drift.ts; contracts/README.md "Drift against the server's own description").
 */
import { Command, Option } from 'commander';
import { driftConsole, driftMarkdown, loadOpenApi, specDrift } from '../contracts/runner/spec-drift.ts';

class UsageError extends Error {}

const program = new Command()
  .name('npm run spec:diff --')
  .description(
    "List where a server's OpenAPI document (3.0 or 3.1) differs from ours: operations, parameters, request and " +
      'response fields, types, required-ness, statuses, media types, security.',
  )
  .argument('<document>', "the server's OpenAPI document: a file (JSON or YAML) or an http(s) URL")
  .addOption(
    new Option('--against <file-or-url>', 'the description to compare it with').default('spec/session-api.yaml'),
  )
  .addOption(new Option('--format <format>', 'how to print the differences').choices(['text', 'markdown', 'json']))
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .addHelpText(
    'after',
    `
Examples:
  npm run spec:diff -- server-openapi.json
  npm run spec:diff -- https://api.example.com/openapi.json --format markdown > drift.md
  npm run spec:diff -- contracts/runner/spec-drift-fixtures/older.yaml \\
    --against contracts/runner/spec-drift-fixtures/newer.yaml

Exit status: 0 when the two agree, 1 when they differ, 2 for a usage error or a document that cannot be read.`,
  );

async function load(what: string, source: string): Promise<Record<string, unknown>> {
  try {
    return await loadOpenApi(source);
  } catch (error) {
    throw new UsageError(`${what} ${source}: ${(error as Error).message}`);
  }
}

async function main(): Promise<number> {
  program.parse();
  const [source] = program.args as [string];
  const options = program.opts<{ against: string; format?: 'text' | 'markdown' | 'json' }>();
  const theirs = await load('the document', source);
  const ours = await load('--against', options.against);
  const report = await specDrift(theirs, source, { document: ours, source: options.against });
  const format = options.format ?? 'text';
  console.log(
    format === 'json'
      ? JSON.stringify(report, null, 2)
      : format === 'markdown'
        ? driftMarkdown(report)
        : driftConsole(report).trimStart(),
  );
  return report.drifts.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`spec:diff: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
