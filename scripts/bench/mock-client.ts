// Setup calls to the mock through its public API (never its internals): wallet
// tokens from the control plane, sessions through /v1.

export const mockApiKey = 'mock-api-key';
/** The named world of the namespace workloads (X-Mock-Namespace); the others use `default`. */
export const benchNamespace = 'bench-team';

/** The header naming `namespace`, or none for `default`. */
export const inNamespace = (namespace: string | undefined): Record<string, string> =>
  namespace === undefined ? {} : { 'x-mock-namespace': namespace };

export interface WalletToken {
  token: string;
  address: string;
}

export interface CreatedSession {
  sessionId: string;
  token: string;
  userId: string;
}

async function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `Failed to POST ${url}: ${response.status} ${text.slice(0, 300)}. Is the mock's control plane enabled?`,
    );
  }
  return JSON.parse(text) as unknown;
}

/** A wallet token valid an hour, so that it outlives any run. */
export async function mintWalletToken(origin: string, namespace?: string): Promise<WalletToken> {
  const url = `${origin}/__mock/wallet-token`;
  const answer = (await postJson(url, inNamespace(namespace), { ttlSeconds: 3600 })) as WalletToken;
  return { token: answer.token, address: answer.address };
}

export async function mintWalletTokens(origin: string, count: number, namespace?: string): Promise<WalletToken[]> {
  const tokens: WalletToken[] = [];
  for (let i = 0; i < count; i += 1) tokens.push(await mintWalletToken(origin, namespace));
  return tokens;
}

function createHeaders(walletToken: string): Record<string, string> {
  return { 'x-api-key': mockApiKey, authorization: `Bearer ${walletToken}`, 'content-type': 'application/json' };
}

interface SessionAnswer {
  sessionId: string;
  credentials: { token: string; id: string };
}

export async function createSession(
  origin: string,
  walletToken: string,
  body: unknown = {},
  namespace?: string,
): Promise<CreatedSession> {
  const headers = { ...createHeaders(walletToken), ...inNamespace(namespace) };
  const answer = (await postJson(`${origin}/v1/session`, headers, body)) as SessionAnswer;
  return { sessionId: answer.sessionId, token: answer.credentials.token, userId: answer.credentials.id };
}

export async function joinSession(
  origin: string,
  walletToken: string,
  sessionId: string,
  namespace?: string,
): Promise<CreatedSession> {
  const headers = { authorization: `Bearer ${walletToken}`, ...inNamespace(namespace) };
  const answer = (await postJson(`${origin}/v1/session/join`, headers, { sessionId })) as SessionAnswer;
  return { sessionId: answer.sessionId, token: answer.credentials.token, userId: answer.credentials.id };
}

/** The size in bytes of the mock's GET current answer, so that the bare server sends as much. */
export async function currentSessionBytes(origin: string, sessionToken: string): Promise<number> {
  const response = await fetch(`${origin}/v1/session/current`, {
    headers: { authorization: `Bearer ${sessionToken}` },
  });
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok)
    throw new Error(`Failed to GET ${origin}/v1/session/current: ${response.status} ${body.toString().slice(0, 300)}`);
  return body.length;
}
