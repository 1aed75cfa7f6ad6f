/**
 * Scenarios: named starting states for a frontend (a full session, a protected
 * one, a kicked user, a session about to expire), written as YAML or JSON,
 * validated against the `Scenario` schema of spec/mock-control.yaml, and loaded
 * through the same SessionService operations the API runs, so the state they
 * make is one the API itself could reach.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ApiDescription, MockControlComponents } from '../../spec/index.ts';
import type { Outcome } from '../domain/index.ts';
import type { SessionService, VirtualClock } from '../services/index.ts';

type Schemas = MockControlComponents['schemas'];
export type Scenario = Schemas['Scenario'];
export type LoadedScenario = Schemas['LoadedScenario'];
type LoadedMember = LoadedScenario['sessions'][number]['members'][number];

/** Where the shipped scenarios live: `mock/scenarios/<name>.yaml`. */
const shippedScenariosDir = fileURLToPath(new URL('./', import.meta.url));
const defaultWalletTokenTtlSeconds = 86_400;
const scenarioName = /^[a-z0-9][a-z0-9-]*$/;

/** A scenario that cannot be read or loaded; the message names the source and the field. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(
    readonly source: string,
    readonly errors: readonly { pointer: string; message: string }[],
  ) {
    super(
      `Cannot load scenario ${source}: ` +
        `${errors.map((error) => `${error.pointer || '(root)'} ${error.message}`).join('; ')}.`,
    );
  }
}

export class ScenarioBook {
  private loaded: LoadedScenario | undefined;
  /** The load running or asked for last; the next waits for it. */
  private lastLoad: Promise<unknown> = Promise.resolve();

  private readonly service: SessionService;
  private readonly control: ApiDescription;
  private readonly clock: VirtualClock;
  private readonly dir: string;

  constructor(parts: { service: SessionService; control: ApiDescription; clock: VirtualClock; dir?: string }) {
    this.service = parts.service;
    this.control = parts.control;
    this.clock = parts.clock;
    this.dir = parts.dir ?? shippedScenariosDir;
    // A reset forgets the loaded scenario with everything else.
    this.service.onChange((change) => {
      if (change.kind === 'reset') this.clear();
    });
  }

  /** The scenario loaded last, with its tokens; undefined after a reset. */
  get current(): LoadedScenario | undefined {
    return this.loaded;
  }

  clear(): void {
    this.loaded = undefined;
  }

  /** The shipped scenarios, by name, with their descriptions. */
  catalogue(): Schemas['ScenarioCatalogue'] {
    const names = readdirSync(this.dir)
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => basename(file, '.yaml'))
      .sort();
    return {
      scenarios: names.map((name) => ({
        name,
        description: this.readFile(join(this.dir, `${name}.yaml`)).description ?? '',
      })),
    };
  }

  /** `--scenario` takes a file path or the name of a shipped scenario. */
  resolve(fileOrName: string): string {
    if (existsSync(fileOrName)) return fileOrName;
    const shipped = join(this.dir, `${fileOrName}.yaml`);
    if (scenarioName.test(fileOrName) && existsSync(shipped)) return shipped;
    const known = this.catalogue().scenarios.map((scenario) => scenario.name);
    throw new ScenarioError(fileOrName, [
      { pointer: '', message: `is neither a file nor a shipped scenario (shipped: ${known.join(', ')})` },
    ]);
  }

  /** Reads, parses and validates a scenario file (YAML or JSON, by its content). */
  readFile(file: string): Scenario {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ScenarioError(file, [
        {
          pointer: '',
          message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        },
      ]);
    }
    return this.parse(text, file);
  }

  parse(text: string, source: string): Scenario {
    let value: unknown;
    try {
      // YAML is a superset of JSON: one parser reads both. A .json file is parsed strictly.
      value = extname(source) === '.json' ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      const where =
        error instanceof YAMLParseError && error.linePos
          ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}`
          : '';
      throw new ScenarioError(source, [
        {
          pointer: '',
          message:
            `is not valid ${extname(source) === '.json' ? 'JSON' : 'YAML'}${where}: ` +
            `${(error as Error).message.split('\n')[0]}`,
        },
      ]);
    }
    return this.validate(value, source);
  }

  validate(value: unknown, source: string): Scenario {
    const errors = this.control
      .validateRequestBody('loadScenario', { scenario: value })
      .map((error) => ({ pointer: error.pointer.replace(/^\/scenario/, ''), message: error.message }));
    if (errors.length > 0) throw new ScenarioError(source, errors);
    const scenario = value as Scenario;
    const keys = new Set<string>();
    scenario.sessions.forEach((session, index) => {
      if (keys.has(session.key))
        throw new ScenarioError(source, [
          { pointer: `/sessions/${index}/key`, message: `repeats the key "${session.key}"; keys must be unique` },
        ]);
      keys.add(session.key);
      const wallets = new Set([session.host.wallet.toLowerCase()]);
      (session.members ?? []).forEach((member, memberIndex) => {
        const wallet = member.wallet.toLowerCase();
        if (wallets.has(wallet)) {
          throw new ScenarioError(source, [
            {
              pointer: `/sessions/${index}/members/${memberIndex}/wallet`,
              message: `is already in session "${session.key}"; a wallet is one member`,
            },
          ]);
        }
        wallets.add(wallet);
      });
    });
    return scenario;
  }

  /** Loads a shipped scenario by name. */
  loadNamed(name: string): Promise<LoadedScenario> {
    const file = join(this.dir, `${name}.yaml`);
    if (!scenarioName.test(name) || !existsSync(file)) {
      const known = this.catalogue().scenarios.map((scenario) => scenario.name);
      return Promise.reject(
        new ScenarioError(name, [
          { pointer: '/name', message: `names no shipped scenario; shipped: ${known.join(', ')}` },
        ]),
      );
    }
    return this.load(this.readFile(file), name);
  }

  /**
   * Starts over from no sessions, then creates, joins, kicks and disconnects as
   * the scenario says. Loads run one at a time, in the order they were asked
   * for: one load's reset would otherwise erase what another was building, so
   * the last one wins whole (spec/mock-control.yaml, loadScenario).
   */
  load(scenario: Scenario, source: string): Promise<LoadedScenario> {
    const turn = this.lastLoad.then(() => this.loadNow(scenario, source));
    this.lastLoad = turn.catch(() => undefined);
    return turn;
  }

  private async loadNow(scenario: Scenario, source: string): Promise<LoadedScenario> {
    const { service } = this;
    this.loaded = undefined;
    await service.reset();
    const fail = (pointer: string, outcome: Outcome<unknown>): never => {
      throw new ScenarioError(source, [
        { pointer, message: outcome.ok ? 'failed' : `was refused by the API: ${outcome.problem.detail}` },
      ]);
    };
    const sessions: LoadedScenario['sessions'] = [];
    for (const [index, session] of scenario.sessions.entries()) {
      const at = `/sessions/${index}`;
      const rules = session.rules ?? {};
      const created = await service.create(
        { wallet: session.host.wallet.toLowerCase() },
        {
          rules: {
            ...(rules.userCapacity === undefined ? {} : { userCapacity: rules.userCapacity }),
            ...(rules.expiryDurationInSeconds === undefined
              ? {}
              : { expiryDurationInSeconds: rules.expiryDurationInSeconds }),
            ...(rules.password === undefined ? {} : { password: rules.password }),
            ...(rules.allowOnlyWhitelistedAddresses === undefined
              ? {}
              : { allowOnlyWhitelistedAddresses: rules.allowOnlyWhitelistedAddresses }),
            ...(rules.whiteListAddresses === undefined
              ? {}
              : { whiteListAddresses: rules.whiteListAddresses.map((address) => ({ address })) }),
          },
          ...(session.host.name === undefined ? {} : { identity: { name: session.host.name } }),
        },
      );
      if (!created.ok) fail(`${at}/host`, created);
      const { sessionId, credentials } = (created as Extract<typeof created, { ok: true }>).value;
      const host: LoadedMember = {
        wallet: session.host.wallet.toLowerCase(),
        userId: credentials.id,
        name: credentials.pseudonym,
        role: credentials.role,
        state: 'active',
        sessionToken: credentials.token,
      };
      const members: LoadedMember[] = [host];
      for (const [memberIndex, member] of (session.members ?? []).entries()) {
        const joined = await service.join(
          { wallet: member.wallet.toLowerCase() },
          { sessionId, ...(rules.password === undefined ? {} : { password: rules.password }) },
        );
        if (!joined.ok) fail(`${at}/members/${memberIndex}`, joined);
        const { credentials: guest } = (joined as Extract<typeof joined, { ok: true }>).value;
        members.push({
          wallet: member.wallet.toLowerCase(),
          userId: guest.id,
          name: guest.pseudonym,
          role: guest.role,
          state: 'active',
          sessionToken: guest.token,
        });
      }
      // Kicks need the host, so they come before the host (maybe) leaves.
      const hostCaller = await this.member(host.sessionToken, `${at}/host`, source);
      for (const [memberIndex, member] of (session.members ?? []).entries()) {
        const loaded = members[memberIndex + 1]!;
        if (member.state === 'kicked') {
          const kicked = await service.kick(hostCaller, { userId: loaded.userId });
          if (!kicked.ok) fail(`${at}/members/${memberIndex}/state`, kicked);
          loaded.state = 'kicked';
        } else if (member.state === 'left') {
          const left = await service.disconnect(
            await this.member(loaded.sessionToken, `${at}/members/${memberIndex}`, source),
          );
          if (!left.ok) fail(`${at}/members/${memberIndex}/state`, left);
          loaded.state = 'left';
        }
      }
      if (session.host.state === 'left') {
        const left = await service.disconnect(hostCaller);
        if (!left.ok) fail(`${at}/host/state`, left);
        host.state = 'left';
      }
      const current = (await service.liveSessions()).find((record) => record.id === sessionId);
      sessions.push({
        key: session.key,
        sessionId,
        expiry: current?.expiry ?? 0,
        passwordProtected: rules.password !== undefined,
        members,
      });
    }

    const ttl = scenario.walletTokenTtlSeconds ?? defaultWalletTokenTtlSeconds;
    const addresses = new Set<string>();
    for (const session of scenario.sessions) {
      addresses.add(session.host.wallet.toLowerCase());
      for (const member of session.members ?? []) addresses.add(member.wallet.toLowerCase());
    }
    for (const wallet of scenario.wallets ?? []) addresses.add(wallet.toLowerCase());
    const wallets: LoadedScenario['wallets'] = [];
    for (const address of addresses) {
      const minted = await service.mintWalletToken(address, ttl);
      wallets.push({ address: minted.address, walletToken: minted.token, expiresIn: minted.expiresIn });
    }

    this.loaded = {
      name: scenario.name ?? basename(source, extname(source)),
      loadedAt: this.clock.now(),
      sessions,
      wallets,
    };
    return this.loaded;
  }

  private async member(token: string, pointer: string, source: string) {
    const member = await this.service.authenticateMember(`Bearer ${token}`);
    if (!member.ok)
      throw new ScenarioError(source, [{ pointer, message: `has no usable session token: ${member.problem.detail}` }]);
    return member.value;
  }
}

/** What to tell someone whose scenario file was refused. */
export const scenarioFileHint =
  'Scenario files follow the Scenario schema of spec/mock-control.yaml; see mock/scenarios/*.yaml.';

/**
 * `--scenario FILE|NAME` at start: loads it, or rejects with a ScenarioError
 * naming the file and the field (mock/main.ts turns that into exit code 2).
 */
export async function loadScenarioOption(book: ScenarioBook, fileOrName: string): Promise<LoadedScenario> {
  const file = book.resolve(fileOrName);
  return book.load(book.readFile(file), file);
}

/** The banner's lines for a loaded scenario: every member with its session token. */
export function describeLoadedScenario(loaded: LoadedScenario, origin: string, control: boolean): string {
  const lines = [`  scenario "${loaded.name}" loaded:`];
  for (const session of loaded.sessions) {
    lines.push(
      `    ${session.key}: session ${session.sessionId}${session.passwordProtected ? ' (password)' : ''}, ` +
        `expires ${new Date(session.expiry * 1000).toISOString()}`,
    );
    for (const member of session.members) {
      lines.push(
        `      ${member.role.padEnd(5)} ${member.state.padEnd(6)} ${member.name} (${member.wallet}) ` +
          `session token: ${member.sessionToken}`,
      );
    }
  }
  lines.push(
    control
      ? `  every token, wallet tokens included: curl -s ${origin}/__mock/scenario`
      : `  wallet tokens: ${loaded.wallets
          .map((wallet) => `${wallet.address} ${wallet.walletToken}`)
          .join('\n                 ')}`,
  );
  return lines.join('\n');
}
