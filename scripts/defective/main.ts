/**
 * `tsx scripts/defective/main.ts --upstream http://127.0.0.1:4010 --mode guest-kick-succeeds [--port 0]`
 * starts one defective server (see modes.ts) in front of a correct one.
 */
import { Command, Option } from 'commander';
import { defects, defectModes, type DefectMode } from './modes.ts';
import { startDefectiveProxy } from './proxy.ts';

const program = new Command()
  .name('defective')
  .description('A proxy in front of a Session API server that breaks exactly one rule.')
  .requiredOption('--upstream <origin>', 'the correct server, origin only (e.g. http://127.0.0.1:4010)')
  .addOption(new Option('--mode <mode>', 'the rule to break').choices(defectModes).makeOptionMandatory())
  .option('--port <port>', 'port on 127.0.0.1 (0: any free one)', '0')
  .addHelpText(
    'after',
    `\nModes:\n${defectModes.map((mode) => `  ${mode.padEnd(28)} ${defects[mode].breaks}`).join('\n')}`,
  );

program.parse();
const options = program.opts<{ upstream: string; mode: DefectMode; port: string }>();
const proxy = await startDefectiveProxy({ upstream: options.upstream, mode: options.mode, port: Number(options.port) });
console.log(
  `Defective server (${options.mode}) listening on ${proxy.origin} (API at ${proxy.origin}/v1), in front ` +
    `of ${options.upstream}`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void proxy.close().then(() => process.exit(0));
  });
}
