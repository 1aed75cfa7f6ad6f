/**
 * Loading a scenario into a world (spec/mock-control.yaml, loadScenario): the
 * world is reset, then the scenario's sessions and members are made through the
 * same SessionService operations the API runs, so the state they make is one the
 * API itself could reach. Node-free: reading scenario files is scenario-book.ts's.
 */
import type { ApiContract, MockControlComponents } from '../../spec/index.ts';
import type { Outcome } from '../domain/index.ts';
import type { SessionService } from '../services/index.ts';
import type { World } from '../world/world.ts';

type Schemas = MockControlComponents['schemas'];
export type Scenario = Schemas['Scenario'];
export type LoadedScenario = Schemas['LoadedScenario'];
type LoadedMember = LoadedScenario['sessions'][number]['members'][number];

const defaultWalletTokenTtlSeconds = 86_400;

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

/** Validates a scenario against the `Scenario` schema and the rules the schema cannot say. */
export function validateScenario(control: ApiContract, value: unknown, source: string): Scenario {
  const errors = control
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

/** The load running or asked for last in each world; the next waits for it. */
const lastLoads = new WeakMap<World, Promise<unknown>>();

/**
 * Starts the world over, then creates, joins, kicks and disconnects as the
 * scenario says. Loads into one world run one at a time, in the order they were
 * asked for: one load's reset would otherwise erase what another was building, so
 * the last one wins whole (spec/mock-control.yaml, loadScenario). `serviceOf`
 * answers a service for the world as it is now (after the reset: its new generation).
 */
export function loadScenario(
  world: World,
  serviceOf: (world: World) => Promise<SessionService>,
  scenario: Scenario,
  source: string,
): Promise<LoadedScenario> {
  const turn = (lastLoads.get(world) ?? Promise.resolve()).then(() => loadNow(world, serviceOf, scenario, source));
  lastLoads.set(
    world,
    turn.catch(() => undefined),
  );
  return turn;
}

async function loadNow(
  world: World,
  serviceOf: (world: World) => Promise<SessionService>,
  scenario: Scenario,
  source: string,
): Promise<LoadedScenario> {
  await world.reset();
  const service = await serviceOf(world);
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
    const hostCaller = await memberOf(service, host.sessionToken, `${at}/host`, source);
    for (const [memberIndex, member] of (session.members ?? []).entries()) {
      const loaded = members[memberIndex + 1]!;
      if (member.state === 'kicked') {
        const kicked = await service.kick(hostCaller, { userId: loaded.userId });
        if (!kicked.ok) fail(`${at}/members/${memberIndex}/state`, kicked);
        loaded.state = 'kicked';
      } else if (member.state === 'left') {
        const left = await service.disconnect(
          await memberOf(service, loaded.sessionToken, `${at}/members/${memberIndex}`, source),
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

  const loaded: LoadedScenario = {
    name: scenario.name ?? sourceName(source),
    loadedAt: service.scope.now,
    sessions,
    wallets,
  };
  await world.setScenario(loaded);
  await world.events.publish({ kind: 'scenario-loaded' });
  return loaded;
}

async function memberOf(service: SessionService, token: string, pointer: string, source: string) {
  const member = await service.authenticateMember(`Bearer ${token}`);
  if (!member.ok)
    throw new ScenarioError(source, [{ pointer, message: `has no usable session token: ${member.problem.detail}` }]);
  return member.value;
}

/** A source's name without its folders and extension: `mock/scenarios/tour.yaml` -> `tour`. */
function sourceName(source: string): string {
  const file = source.split(/[\\/]/).pop() ?? source;
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}
