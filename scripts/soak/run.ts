/**
 * `npm run soak -- [--seconds N | --minutes N] [--users N] [--namespaces N] [--seed S] [--store redis]`
 *
 * Starts the mock (with `--store redis`, on a redis-server of its own) and lets
 * many simulated users run the session lifecycle at once (create, join, current, kick, disconnect,
 * delete, and bad requests) for
 * the given time, spread over namespaces (X-Mock-Namespace, 20 unless given),
 * each user in one of them; the invariants are checked per namespace, and no
 * namespace may list a session made in another. Prints throughput, answers by status and the mock's RSS as it
 * goes; at the end checks that nothing answered 5xx or failed to answer, that no
 * live session is over its capacity, and that no member is orphaned (listed
 * active by the server while no user's token for it works, or the other way
 * round). Writes reports/soak/soak-<time>.json; exits 1 on any failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { Pool } from 'undici';
import { call, createPool, expectJson, type Answer } from '../fuzz/http.ts';
import { listSessions, sessionViolations } from '../fuzz/invariants.ts';
import type { Started } from '../../contracts/runner/processes.ts';
import { repoRoot } from '../../contracts/runner/repo-root.ts';
import { wholeNumber as whole } from '../../mock/whole-number-option.ts';
import { startMock } from '../mock-process.ts';
import { startStore, storeOption, type StoreChoice, type StartedStore } from '../store-option.ts';
import { readMemory } from '../process-memory.ts';

const command = new Command('soak')
  .description('Mixed lifecycle traffic from many simulated users against the mock; checks invariants at the end.')
  .addOption(
    new Option('--seconds <n>', 'how long to run').argParser(whole('--seconds', 1, 86_400)).conflicts('minutes'),
  )
  .addOption(new Option('--minutes <n>', 'how long to run').argParser(whole('--minutes', 1, 1440)))
  .addOption(
    new Option('--users <n>', 'simulated users, each one request at a time')
      .default(200)
      .argParser(whole('--users', 1, 5000)),
  )
  .addOption(
    new Option('--namespaces <n>', 'worlds the users are spread over, all at once')
      .default(20)
      .argParser(whole('--namespaces', 1, 1000)),
  )
  .addOption(new Option('--seed <n>', "seed of the users' choices").argParser(whole('--seed', 0, 2 ** 31 - 1)))
  .addOption(
    new Option('--interval <seconds>', 'seconds between progress lines').argParser(whole('--interval', 1, 3600)),
  )
  .addOption(storeOption())
  .parse(process.argv.slice(2), { from: 'user' });
const options = command.opts<{
  store: StoreChoice;
  seconds?: number;
  minutes?: number;
  users: number;
  namespaces: number;
  seed?: number;
  interval?: number;
}>();
const durationSeconds = options.seconds ?? (options.minutes !== undefined ? options.minutes * 60 : 60);
const intervalSeconds = options.interval ?? Math.max(2, Math.min(30, Math.round(durationSeconds / 10)));
const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
const apiKey = 'soak-api-key';
const password = 'soak password';

/** mulberry32: small, seeded, good enough to pick actions. */
function rng(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Membership {
  sessionId: string;
  token: string;
  userId: string;
  role: 'host' | 'guest';
}

interface User {
  index: number;
  /** The namespace every request of this user names. */
  world: string;
  walletToken: string;
  memberships: Map<string, Membership>;
  /** Why memberships were given up, by "session/user id": for explaining an orphan. */
  dropped: Map<string, string>;
}

interface OpenSession {
  id: string;
  protected: boolean;
}

/** What the users of one namespace know of it. */
interface World {
  readonly name: string;
  readonly sessions: OpenSession[];
  readonly usersById: Map<string, { user: User; sessionId: string }>;
  /** Every session made in this world, deleted ones too. */
  readonly created: Set<string>;
}

const worldName = (index: number) => `soak-${index}`;

const stats = {
  requests: 0,
  byStatus: {} as Record<string, number>,
  byAction: {} as Record<string, Record<string, number>>,
  failures: [] as string[],
};

function record(action: string, status: number | string): void {
  stats.requests++;
  const key = String(status);
  stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
  const perAction = (stats.byAction[action] ??= {});
  perAction[key] = (perAction[key] ?? 0) + 1;
  if (typeof status === 'number' && status >= 500 && stats.failures.length < 50)
    stats.failures.push(`${action} answered ${status}`);
}

async function act(
  pool: Pool,
  action: string,
  method: 'GET' | 'POST' | 'DELETE',
  pathname: string,
  options: Parameters<typeof call>[3] = {},
): Promise<Answer | undefined> {
  try {
    const answer = await call(pool, method, pathname, options);
    record(action, answer.status);
    return answer;
  } catch (error) {
    record(action, 'error');
    if (stats.failures.length < 50)
      stats.failures.push(`${action} ${method} ${pathname} got no answer: ${(error as Error).message}`);
    return undefined;
  }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function runUser(pool: Pool, user: User, world: World, random: () => number, deadline: number): Promise<void> {
  const { sessions, usersById } = world;
  // Every request of the user names its world.
  const send = (
    action: string,
    method: 'GET' | 'POST' | 'DELETE',
    pathname: string,
    options: Parameters<typeof call>[3] = {},
  ) =>
    act(pool, action, method, pathname, {
      ...options,
      headers: { ...options.headers, 'x-mock-namespace': user.world },
    });
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];
  const remember = (membership: Membership) => {
    user.memberships.set(membership.sessionId, membership);
    usersById.set(`${membership.sessionId}/${membership.userId}`, { user, sessionId: membership.sessionId });
  };
  while (Date.now() < deadline) {
    const roll = random();
    const memberships = [...user.memberships.values()];
    const hosted = memberships.filter((membership) => membership.role === 'host');
    if (roll < 0.1 && hosted.length < 2) {
      const isProtected = random() < 0.1;
      const answer = await send('create', 'POST', '/v1/session', {
        headers: { ...bearer(user.walletToken), 'x-api-key': apiKey },
        json: {
          rules: {
            userCapacity: 2 + Math.floor(random() * 7),
            expiryDurationInSeconds: 3600,
            ...(isProtected ? { password } : {}),
          },
        },
      });
      if (answer?.status === 200) {
        const body = JSON.parse(answer.body) as { sessionId: string; credentials: { token: string; id: string } };
        remember({
          sessionId: body.sessionId,
          token: body.credentials.token,
          userId: body.credentials.id,
          role: 'host',
        });
        sessions.push({ id: body.sessionId, protected: isProtected });
        world.created.add(body.sessionId);
      }
    } else if (roll < 0.4) {
      const session = pick(sessions);
      if (!session) continue;
      const answer = await send('join', 'POST', '/v1/session/join', {
        headers: bearer(user.walletToken),
        json: { sessionId: session.id, ...(session.protected && random() < 0.9 ? { password } : {}) },
      });
      if (answer?.status === 200) {
        const body = JSON.parse(answer.body) as { credentials: { token: string; id: string; role: 'host' | 'guest' } };
        remember({
          sessionId: session.id,
          token: body.credentials.token,
          userId: body.credentials.id,
          role: body.credentials.role,
        });
      }
    } else if (roll < 0.6) {
      const membership = pick(memberships);
      if (!membership) continue;
      const answer = await send('current', 'GET', '/v1/session/current', { headers: bearer(membership.token) });
      if (answer && answer.status !== 200) {
        user.memberships.delete(membership.sessionId);
        user.dropped.set(
          `${membership.sessionId}/${membership.userId}`,
          `current answered ${answer.status}: ${answer.body.slice(0, 200)}`,
        );
      }
    } else if (roll < 0.7) {
      const membership = pick(hosted);
      if (!membership) continue;
      const current = await send('current', 'GET', '/v1/session/current', { headers: bearer(membership.token) });
      if (current?.status !== 200) {
        user.memberships.delete(membership.sessionId);
        user.dropped.set(
          `${membership.sessionId}/${membership.userId}`,
          `current (before a kick) answered ${current?.status}: ${current?.body.slice(0, 200)}`,
        );
        continue;
      }
      const guests = (JSON.parse(current.body) as { users: { id: string; role: string }[] }).users.filter(
        (member) => member.role === 'guest',
      );
      const target = pick(guests);
      if (!target) continue;
      const answer = await send('kick', 'POST', '/v1/session/current/kick', {
        headers: bearer(membership.token),
        json: { userId: target.id },
      });
      if (answer?.status === 200) {
        const victim = usersById.get(`${membership.sessionId}/${target.id}`)?.user;
        victim?.memberships.delete(membership.sessionId);
        victim?.dropped.set(`${membership.sessionId}/${target.id}`, `kicked by ${membership.userId}`);
      }
    } else if (roll < 0.8) {
      const membership = pick(memberships);
      if (!membership) continue;
      const answer = await send('disconnect', 'POST', '/v1/session/disconnect', {
        headers: bearer(membership.token),
      });
      user.memberships.delete(membership.sessionId);
      user.dropped.set(
        `${membership.sessionId}/${membership.userId}`,
        `disconnect answered ${answer?.status}: ${answer?.body.slice(0, 200)}`,
      );
    } else if (roll < 0.85) {
      const membership = pick(hosted);
      if (!membership) continue;
      const answer = await send('delete', 'DELETE', '/v1/session/current', { headers: bearer(membership.token) });
      user.memberships.delete(membership.sessionId);
      user.dropped.set(
        `${membership.sessionId}/${membership.userId}`,
        `delete answered ${answer?.status}: ${answer?.body.slice(0, 200)}`,
      );
      if (answer?.status === 200) {
        const at = sessions.findIndex((session) => session.id === membership.sessionId);
        if (at >= 0) sessions.splice(at, 1);
      }
    } else {
      const kind = Math.floor(random() * 6);
      if (kind === 0)
        await send('bad-json', 'POST', '/v1/session/join', {
          headers: { ...bearer(user.walletToken), 'content-type': 'application/json' },
          body: '{"sessionId":',
        });
      if (kind === 1) await send('bad-token', 'GET', '/v1/session/current', { headers: bearer('not.a.token') });
      if (kind === 2) await send('bad-path', 'GET', '/v1/sessions');
      if (kind === 3)
        await send('bad-schema', 'POST', '/v1/session', {
          headers: { ...bearer(user.walletToken), 'x-api-key': apiKey },
          json: { rules: { userCapacity: 0 } },
        });
      if (kind === 4)
        await send('bad-key', 'POST', '/v1/session', {
          headers: { ...bearer(user.walletToken), 'x-api-key': 'wrong' },
          json: {},
        });
      // A session token where a wallet token is required.
      const sessionToken = pick(memberships)?.token;
      if (kind === 5 && sessionToken)
        await send('wrong-kind', 'POST', '/v1/session/join', {
          headers: bearer(sessionToken),
          json: { sessionId: pick(sessions)?.id ?? 'none' },
        });
    }
  }
}

const mib = (bytes: number | undefined) =>
  bytes === undefined || Number.isNaN(bytes) ? Number.NaN : Math.round((bytes / 1024 / 1024) * 10) / 10;

async function main(): Promise<number> {
  console.log(`soak: ${durationSeconds} s, ${options.users} users over ${options.namespaces} namespaces, seed ${seed}`);
  let mock: Started | undefined;
  let pool: Pool | undefined;
  let store: StartedStore | undefined;
  try {
    store = await startStore(options.store);
    mock = await startMock({ args: ['--api-key', apiKey, '--seed', String(seed), ...store.mockArgs] });
    pool = createPool(mock.origin, Math.min(options.users, 128));
    const worlds: World[] = Array.from({ length: options.namespaces }, (_, index) => ({
      name: worldName(index),
      sessions: [],
      usersById: new Map(),
      created: new Set(),
    }));
    const users: User[] = [];
    for (let index = 0; index < options.users; index++) {
      const world = worldName(index % options.namespaces);
      const minted = await expectJson<{ token: string }>(pool, 'POST', '/__mock/wallet-token', 200, {
        json: { ttlSeconds: 86_400 },
        headers: { 'x-mock-namespace': world },
      });
      users.push({ index, world, walletToken: minted.token, memberships: new Map(), dropped: new Map() });
    }
    const rssStart = readMemory(mock.pid)?.rss ?? Number.NaN;
    console.log(
      `soak: mock pid ${mock.pid} at ${mock.origin}, store ${store.description}, RSS ${mib(rssStart)} MiB after setup`,
    );
    const openSessions = () => worlds.reduce((sum, world) => sum + world.sessions.length, 0);
    const startedAt = Date.now();
    const deadline = startedAt + durationSeconds * 1000;
    const samples: { second: number; requestsPerSecond: number; rssMiB: number; liveSessions: number }[] = [];
    let lastCount = 0;
    let lastAt = startedAt;
    let peakRss = rssStart;
    const progress = setInterval(() => {
      const now = Date.now();
      const rss = readMemory(mock!.pid)?.rss ?? Number.NaN;
      if (rss > peakRss) peakRss = rss;
      const rate = Math.round(((stats.requests - lastCount) * 1000) / (now - lastAt));
      samples.push({
        second: Math.round((now - startedAt) / 1000),
        requestsPerSecond: rate,
        rssMiB: mib(rss),
        liveSessions: openSessions(),
      });
      const top = Object.entries(stats.byStatus)
        .sort()
        .map(([status, count]) => `${status}:${count}`)
        .join(' ');
      console.log(
        `soak: t=${Math.round((now - startedAt) / 1000)}s ${rate} req/s, total ${stats.requests} ` +
          `[${top}], RSS ${mib(rss)} MiB, ${openSessions()} open sessions`,
      );
      lastCount = stats.requests;
      lastAt = now;
    }, intervalSeconds * 1000);
    // Each user draws from its own stream so that the run does not depend on scheduling order.
    await Promise.all(
      users.map((user) =>
        runUser(pool!, user, worlds[user.index % options.namespaces]!, rng(seed + user.index + 1), deadline),
      ),
    );
    clearInterval(progress);
    const loadSeconds = (Date.now() - startedAt) / 1000;
    const rssEnd = readMemory(mock.pid);

    const failures = [...stats.failures];
    const invariantViolations: string[] = [];
    const orphans: string[] = [];
    let liveSessions = 0;
    let activeMembers = 0;
    if (!mock.alive()) failures.push(`the mock died: ${mock.exitNote()}; stderr: ${mock.stderr().slice(-1000)}`);
    else {
      for (const world of worlds) {
        const inWorld = { 'x-mock-namespace': world.name };
        const serverSessions = await listSessions(pool, inWorld);
        liveSessions += serverSessions.length;
        invariantViolations.push(
          ...sessionViolations(serverSessions).map((violation) => `${world.name}: ${violation}`),
        );
        for (const session of serverSessions)
          if (!world.created.has(session.id))
            invariantViolations.push(`${world.name} lists session ${session.id}, which was made in another namespace`);
        // Every membership a user of this world still holds, asked of the server with its own token.
        const working = new Set<string>();
        for (const user of users.filter((candidate) => candidate.world === world.name)) {
          for (const membership of user.memberships.values()) {
            const headers = { ...bearer(membership.token), ...inWorld };
            const answer = await call(pool, 'GET', '/v1/session/current', { headers });
            if (answer.status >= 500) failures.push(`final check: GET /session/current answered ${answer.status}`);
            if (answer.status !== 200) continue;
            const listed = (JSON.parse(answer.body) as { users: { id: string }[] }).users.some(
              (member) => member.id === membership.userId,
            );
            if (!listed)
              orphans.push(
                `${world.name}: user ${membership.userId}'s token works in session ${membership.sessionId}, ` +
                  'which does not list it',
              );
            working.add(`${membership.sessionId}/${membership.userId}`);
          }
        }
        for (const session of serverSessions) {
          for (const member of session.members) {
            if (member.state !== 'active') continue;
            activeMembers++;
            const key = `${session.id}/${member.id}`;
            if (working.has(key)) continue;
            const why =
              users.map((user) => user.dropped.get(key)).find((reason) => reason !== undefined) ??
              'never seen by a user';
            orphans.push(
              `${world.name}: session ${session.id} lists ${member.id} (${member.role}) as active, but no user ` +
                `holds a working token for it (last: ${why})`,
            );
          }
        }
      }
      const health = await call(pool, 'GET', '/__mock/health');
      if (health.status !== 200) failures.push(`GET /__mock/health answered ${health.status} after the soak`);
    }
    failures.push(
      ...invariantViolations.map((violation) => `invariant: ${violation}`),
      ...orphans.slice(0, 20).map((orphan) => `orphan: ${orphan}`),
    );
    const serverErrors = Object.entries(stats.byStatus)
      .filter(([status]) => status.startsWith('5'))
      .reduce((sum, [, count]) => sum + count, 0);

    const result = {
      seed,
      store: options.store,
      durationSeconds,
      users: options.users,
      namespaces: options.namespaces,
      requests: stats.requests,
      requestsPerSecond: Math.round(stats.requests / loadSeconds),
      byStatus: stats.byStatus,
      byAction: stats.byAction,
      serverErrors,
      noAnswer: stats.byStatus.error ?? 0,
      rssMiB: {
        start: mib(rssStart),
        peak: mib(Math.max(peakRss, rssEnd?.rss ?? 0)),
        end: mib(rssEnd?.rss),
        highWaterMark: mib(rssEnd?.peakRss),
      },
      samples,
      liveSessionsAtEnd: liveSessions,
      activeMembersAtEnd: activeMembers,
      invariantViolations,
      orphans: orphans.length,
      passed: failures.length === 0,
      failures,
      node: process.version,
      finishedAt: new Date().toISOString(),
    };
    const directory = path.join(repoRoot, 'reports', 'soak');
    mkdirSync(directory, { recursive: true });
    const file = path.join(directory, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(path.join(directory, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);

    console.log('');
    console.log(`soak summary (seed ${seed})`);
    console.log(
      `  requests      ${stats.requests} in ${Math.round(loadSeconds)} s: ${result.requestsPerSecond} ` +
        `req/s with ${options.users} users over ${options.namespaces} namespaces`,
    );
    console.log(
      `  by status     ${Object.entries(stats.byStatus)
        .sort()
        .map(([status, count]) => `${status}: ${count}`)
        .join(', ')}`,
    );
    console.log(`  5xx           ${serverErrors}; no answer: ${result.noAnswer}`);
    console.log(
      `  RSS           start ${result.rssMiB.start} MiB, peak ${result.rssMiB.peak} MiB, end ${result.rssMiB.end} MiB`,
    );
    console.log(
      `  at the end    ${liveSessions} live sessions, ${activeMembers} active members; invariants ` +
        `${invariantViolations.length === 0 ? 'hold' : `broken ${invariantViolations.length} times`}; ` +
        `orphans ${orphans.length}`,
    );
    console.log(`  report        ${path.relative(repoRoot, file)}`);
    if (failures.length > 0) {
      console.log(
        `\nSOAK FAILED:\n${failures
          .slice(0, 30)
          .map((failure) => `  - ${failure}`)
          .join('\n')}`,
      );
      return 1;
    }
    console.log('\nsoak passed');
    return 0;
  } finally {
    await pool?.close().catch(() => {});
    await mock?.stop();
    await store?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`soak: failed to run: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
