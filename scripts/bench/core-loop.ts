// Temporary: in-process per-request cost of core.handle (no socket).
import { buildCore } from '../../mock/http/app.ts';
import { parseConfig } from '../../mock/config.ts';

const config = parseConfig(process.argv.slice(4));
const { core } = buildCore(config);
const json = (r: { body?: unknown }) => JSON.parse(typeof r.body === 'string' ? r.body : Buffer.from(r.body as Uint8Array).toString());
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const H = { host: '127.0.0.1:4010', 'x-api-key': 'mock-api-key', 'content-type': 'application/json' };
const w1 = json(await core.handle({ method: 'POST', path: '/__mock/wallet-token', query: '', headers: { host: H.host }, body: undefined })).token;
const w2 = json(await core.handle({ method: 'POST', path: '/__mock/wallet-token', query: '', headers: { host: H.host }, body: undefined })).token;
const created = json(await core.handle({ method: 'POST', path: '/v1/session', query: '', headers: { ...H, authorization: `Bearer ${w1}` }, body: enc({ identity: { name: 'A' }, rules: { userCapacity: 1000 } }) }));
if (!created.credentials) console.log(created);
const sid = created.sessionId; const st = created.credentials.token;
const get = { method: 'GET', path: '/v1/session/current', query: '', headers: { host: H.host, authorization: `Bearer ${st}` } };
const join = { method: 'POST', path: '/v1/session/join', query: '', headers: { ...H, authorization: `Bearer ${w2}` }, body: enc({ sessionId: sid }) };
const bad = { method: 'POST', path: '/v1/session', query: '', headers: { ...H, authorization: `Bearer ${w1}` }, body: enc({ rules: { userCapacity: 0 } }) };
async function loop(name: string, req: any, n: number, status: number) {
  for (let i = 0; i < n / 10; i++) await core.handle(req);
  const t = performance.now(); const c = process.cpuUsage();
  for (let i = 0; i < n; i++) { const r = await core.handle(req); if (r.status !== status) throw new Error(`${name} ${r.status}`); }
  const cpu = process.cpuUsage(c);
  console.log(`${name}: ${(((performance.now() - t) * 1000) / n).toFixed(1)} us/op wall, ${((cpu.user + cpu.system) / n).toFixed(1)} us/op cpu`);
}
const which = process.argv[2] ?? 'all';
const n = Number(process.argv[3] ?? 20000);
if (which === 'all' || which === 'get') await loop('GET current', get, n, 200);
if (which === 'all' || which === 'join') await loop('join', join, n / 4, 200);
if (which === 'all' || which === 'bad') await loop('422', bad, n, 422);
await core.close();
