/**
 * What `npm start` prints once the port is open: a few lines that say where
 * everything is and how to get a wallet token in the way that works with the
 * options given. A loaded scenario is summed up; its tokens are read from
 * `GET /__mock/scenario` or printed with --print-tokens.
 */
import { configDefaults, isLoopback, type MockConfig } from './config.ts';
import { describeLoadedScenario, type LoadedScenario } from './scenarios/index.ts';

export function bannerLines(origin: string, config: MockConfig, loaded?: LoadedScenario): string[] {
  const defaultKeys = config.apiKeys.join(',') === configDefaults.apiKeys.join(',');
  const lines = [
    // The first line's shape is what scripts wait for (scripts/mock-process.ts, scripts/fuzz/mock-process.ts).
    `Session API mock listening on ${origin} (API at ${origin}/v1)`,
    `  API key (X-API-KEY): ` +
      `${defaultKeys ? configDefaults.apiKeys[0] : `${config.apiKeys.length} custom key(s), hidden`}`,
    `  reference: ${origin}/docs`,
  ];
  const walletProof =
    `the wallet proof: GET ${origin}/v1/wallet-proof/nonce, sign its message, ` +
    `POST ${origin}/v1/wallet-proof/verify`;
  // With --control-token every control call must present it, on loopback too.
  const auth = config.controlToken === undefined ? '' : "-H 'Authorization: Bearer <control token>' ";
  if (!config.control) {
    lines.push(`  control plane: off (--no-control); get a wallet token through ${walletProof}`);
  } else if (!isLoopback(config.host) && config.controlToken === undefined) {
    // Beyond loopback without --control-token every control call answers 403.
    lines.push(`  wallet token: through ${walletProof}`);
    lines.push('  control plane: refused beyond loopback (403); start with --control-token <token> to use it');
  } else {
    lines.push(`  wallet token without a wallet: curl -s -X POST ${auth}${origin}/__mock/wallet-token`);
    const token = auth === '' ? '' : ', with the control token as a bearer token';
    lines.push(
      `  control plane: ${origin}/__mock (health, reset, clock, sessions, requests, faults, scenario, ` +
        `snapshot, namespaces; the dashboard at ${origin}/__mock/ui)${token}`,
    );
    lines.push('  worlds: send X-Mock-Namespace: <name> to work in a world of your own (default without it)');
  }
  if (config.stateFile !== undefined) lines.push(`  state file: ${config.stateFile} (saved on changes and on exit)`);
  if (loaded) lines.push(...scenarioLines(origin, config, loaded));
  return lines;
}

function scenarioLines(origin: string, config: MockConfig, loaded: LoadedScenario): string[] {
  if (config.printTokens) return [describeLoadedScenario(loaded, origin, config.control)];
  const members = loaded.sessions.reduce((sum, session) => sum + session.members.length, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `  scenario "${loaded.name}": ${plural(loaded.sessions.length, 'session')}, ${plural(members, 'member')}`,
  ];
  for (const session of loaded.sessions) {
    lines.push(
      `    ${session.key}: ${session.sessionId}${session.passwordProtected ? ' (password)' : ''}, ` +
        plural(session.members.length, 'member'),
    );
  }
  const readable = config.control && (isLoopback(config.host) || config.controlToken !== undefined);
  const auth = config.controlToken === undefined ? '' : "-H 'Authorization: Bearer <control token>' ";
  lines.push(
    readable
      ? `  its tokens: curl -s ${auth}${origin}/__mock/scenario (or start with --print-tokens)`
      : '  its tokens: start with --print-tokens to print them',
  );
  return lines;
}
