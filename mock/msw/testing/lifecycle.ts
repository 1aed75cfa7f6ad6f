/**
 * One session's whole life through the typed clients (contracts/client), as an
 * app would drive it against the mock under MSW: wallet tokens from the control
 * plane, create, join, a full session's 409, kick, the kicked member's 401,
 * expiry on the virtual clock. Each step is a line `<step>: <status>`; the tests
 * (in happy-dom, and in Chromium through a Vite page) compare the lines.
 */
import { createMockControl } from '../../../contracts/client/mock-control.ts';
import { createSessionClient } from '../../../contracts/client/session-client.ts';
import type { FetchLike } from '../../../contracts/client/transport.ts';

/** The lines a faithful mock gives (docs/rules.md: capacity, kick, expiry). */
export const expectedLifecycle = [
  'create: 200',
  'join: 200',
  'join of a full session: 409',
  'kick: 200',
  'current session of the kicked member: 401',
  'current session of the host: 200',
  'clock advanced past the expiry: 200',
  'current session of the host after expiry: 404',
];

export async function runLifecycle(options: { baseUrl: string; fetch: FetchLike }): Promise<string[]> {
  const origin = new URL(options.baseUrl).origin;
  const client = createSessionClient({ baseUrl: options.baseUrl, apiKey: 'mock-api-key', fetch: options.fetch });
  const control = createMockControl({ baseUrl: origin, fetch: options.fetch });
  const lines: string[] = [];
  const walletToken = async (address: string) => {
    const minted = await control.walletToken({ address });
    if (!minted.data)
      throw new Error(`POST /__mock/wallet-token answered ${minted.response.status}: ${JSON.stringify(minted.error)}`);
    return minted.data.token;
  };
  const address = (digit: string) => `0x${digit.repeat(40)}`;
  const [host, guest, third] = await Promise.all(['1', '2', '3'].map((digit) => walletToken(address(digit))));

  const created = await client.createSession(host, { rules: { userCapacity: 2, expiryDurationInSeconds: 600 } });
  lines.push(`create: ${created.response.status}`);
  if (!created.data) throw new Error(`create answered ${created.response.status}: ${JSON.stringify(created.error)}`);
  const sessionId = created.data.sessionId;
  const hostToken = created.data.credentials.token;
  const joined = await client.joinSession(guest, { sessionId });
  lines.push(`join: ${joined.response.status}`);
  const full = await client.joinSession(third, { sessionId });
  lines.push(`join of a full session: ${full.response.status}`);
  const kicked = await client.kickUser(hostToken, joined.data!.credentials.id);
  lines.push(`kick: ${kicked.response.status}`);
  const afterKick = await client.getCurrentSession(joined.data!.credentials.token);
  lines.push(`current session of the kicked member: ${afterKick.response.status}`);
  const hostView = await client.getCurrentSession(hostToken);
  lines.push(`current session of the host: ${hostView.response.status}`);
  const advanced = await control.clock.advance(601);
  lines.push(`clock advanced past the expiry: ${advanced.response.status}`);
  const expired = await client.getCurrentSession(hostToken);
  lines.push(`current session of the host after expiry: ${expired.response.status}`);
  return lines;
}
