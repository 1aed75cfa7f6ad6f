// Setup calls to the mock through its public API (never its internals): wallet
// tokens from the control plane, sessions through /v1.

export const mockApiKey = 'mock-api-key';

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
export async function mintWalletToken(origin: string): Promise<WalletToken> {
  const answer = (await postJson(`${origin}/__mock/wallet-token`, {}, { ttlSeconds: 3600 })) as WalletToken;
  return { token: answer.token, address: answer.address };
}

export async function mintWalletTokens(origin: string, count: number): Promise<WalletToken[]> {
  const tokens: WalletToken[] = [];
  for (let i = 0; i < count; i += 1) tokens.push(await mintWalletToken(origin));
  return tokens;
}

function createHeaders(walletToken: string): Record<string, string> {
  return { 'x-api-key': mockApiKey, authorization: `Bearer ${walletToken}`, 'content-type': 'application/json' };
}

interface SessionAnswer {
  sessionId: string;
  credentials: { token: string; id: string };
}

export async function createSession(origin: string, walletToken: string, body: unknown = {}): Promise<CreatedSession> {
  const answer = (await postJson(`${origin}/v1/session`, createHeaders(walletToken), body)) as SessionAnswer;
  return { sessionId: answer.sessionId, token: answer.credentials.token, userId: answer.credentials.id };
}

export async function joinSession(origin: string, walletToken: string, sessionId: string): Promise<CreatedSession> {
  const answer = (await postJson(
    `${origin}/v1/session/join`,
    { authorization: `Bearer ${walletToken}` },
    { sessionId },
  )) as SessionAnswer;
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
