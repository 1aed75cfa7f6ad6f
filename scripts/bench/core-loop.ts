/**
 * The core's own cost per request, in process (no socket, no load generator):
 * wall and CPU microseconds of `core.handle` for GET current, a rejoin and a 422,
 * for profiling (`node --cpu-prof --import tsx ...`). Not a benchmark of the mock
 * as users run it: that is `npm run bench`.
 *   node --import tsx scripts/bench/core-loop.ts [get|join|bad|all] [requests] [mock options...]
 */
import { parseConfig } from '../../mock/config.ts';
import type { CoreRequest, CoreResponse } from '../../mock/core/index.ts';
import { buildCore } from '../../mock/http/app.ts';

const [which = 'all', count = '20000', ...mockOptions] = process.argv.slice(2);
const requests = Number(count);
const { core } = buildCore(parseConfig(mockOptions));

const host = '127.0.0.1:4010';
const withKey = { host, 'x-api-key': 'mock-api-key', 'content-type': 'application/json' };
const encoded = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** The fields of the setup answers this script reads. */
interface Answered {
  token: string;
  sessionId: string;
  credentials: { token: string };
}

async function answered(request: CoreRequest, status: number): Promise<Answered> {
  const answer: CoreResponse = await core.handle(request);
  const text = typeof answer.body === 'string' ? answer.body : new TextDecoder().decode(answer.body);
  if (answer.status !== status) throw new Error(`${request.method} ${request.path}: ${answer.status} ${text}`);
  return JSON.parse(text) as Answered;
}

const walletToken = async () =>
  (await answered({ method: 'POST', path: '/__mock/wallet-token', query: '', headers: { host }, body: undefined }, 200))
    .token;
const host1 = await walletToken();
const guest = await walletToken();
const created = await answered(
  {
    method: 'POST',
    path: '/v1/session',
    query: '',
    headers: { ...withKey, authorization: `Bearer ${host1}` },
    body: encoded({ identity: { name: 'A' }, rules: { userCapacity: 1000 } }),
  },
  200,
);

const workloads: Record<string, { request: CoreRequest; status: number; share: number }> = {
  get: {
    request: {
      method: 'GET',
      path: '/v1/session/current',
      query: '',
      headers: { host, authorization: `Bearer ${created.credentials.token}` },
      body: undefined,
    },
    status: 200,
    share: 1,
  },
  join: {
    request: {
      method: 'POST',
      path: '/v1/session/join',
      query: '',
      headers: { ...withKey, authorization: `Bearer ${guest}` },
      body: encoded({ sessionId: created.sessionId }),
    },
    status: 200,
    share: 0.25,
  },
  bad: {
    request: {
      method: 'POST',
      path: '/v1/session',
      query: '',
      headers: { ...withKey, authorization: `Bearer ${host1}` },
      body: encoded({ rules: { userCapacity: 0 } }),
    },
    status: 422,
    share: 1,
  },
};

for (const [name, { request, status, share }] of Object.entries(workloads)) {
  if (which !== 'all' && which !== name) continue;
  const n = Math.max(1, Math.round(requests * share));
  for (let i = 0; i < n / 10; i++) await core.handle(request);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const answer = await core.handle(request);
    if (answer.status !== status) throw new Error(`${name}: ${answer.status}`);
  }
  const used = process.cpuUsage(cpu);
  const wall = ((performance.now() - started) * 1000) / n;
  console.log(`${name}: ${wall.toFixed(1)} us/request wall, ${((used.user + used.system) / n).toFixed(1)} us CPU`);
}
await core.close();
