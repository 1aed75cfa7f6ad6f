/**
 * The suite's fixtures: a client bound to the running test (every exchange it
 * makes is checked against the spec and recorded for the report), helpers that
 * obtain credentials the real way, and cleanup of every session the test made.
 */
import { assert, test as base } from 'vitest';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import {
  createSessionClient,
  describeFailure,
  RateLimiter,
  type CreateSessionBody,
  type Exchange,
  type SessionClient,
} from '../client/index.ts';
import { config } from './config.ts';
import { conformanceOf } from './conformance.ts';
import { controlPlane, type ControlPlane } from './control-plane.ts';
import { fileNamespace, namespaceHeader } from './namespace.ts';
import { suiteFetch } from './suite-fetch.ts';
import { recordExchange, type RecordedExchange } from './recorded-exchange.ts';

export type { RecordedExchange } from './recorded-exchange.ts';

declare module 'vitest' {
  interface TaskMeta {
    exchanges?: RecordedExchange[];
    /** The shrunk counterexample of a model-based check. */
    counterexample?: string;
    /** How the model-based check ran (runs, seed, clock or not). */
    modelNote?: string;
  }
}

export const rules = {
  conformance:
    'every response matches the spec for its operation and status (status documented, content type, ' +
    'required headers, body schema)',
} as const;

export interface Member {
  account: PrivateKeyAccount;
  sessionId: string;
  userId: string;
  token: string;
  role: string;
}

export interface SessionHandle {
  sessionId: string;
  host: Member;
  expiry: number;
  expiresIn: number;
  maxUsers: number;
}

export interface Checked {
  exchange: Exchange;
  json: unknown;
}

type ResultLike = { response: Response } | Exchange;

export interface Api {
  client: SessionClient;
  newAccount(): PrivateKeyAccount;
  /** Nonce, sign, verify; fails the test unless the proof is accepted. */
  walletToken(account?: PrivateKeyAccount): Promise<string>;
  /** Creates a session (deleted when the test ends) and returns its host. */
  create(body?: CreateSessionBody, account?: PrivateKeyAccount): Promise<SessionHandle>;
  join(sessionId: string, options?: { account?: PrivateKeyAccount; password?: string }): Promise<Member>;
  /** Asserts the status and that the response conforms to the spec; answers the parsed body. */
  expectStatus(result: ResultLike, expected: number, rule: string): Checked;
  /**
   * Asserts a refusal: any 4xx the spec documents for the operation (the spec check names an
   * undocumented one). The `core` level uses it where docs/rules.md §2 to §5 fix no status.
   */
  expectRefused(result: ResultLike, rule: string): Checked;
  /** Asserts a 401 and its WWW-Authenticate scheme (and error="invalid_token" when asked). */
  expect401(
    result: ResultLike,
    scheme: 'Bearer' | 'ApiKey' | 'SessionPassword',
    rule: string,
    invalidToken?: boolean,
  ): Checked;
  exchangeOf(result: ResultLike): Exchange;
}

function isExchange(result: ResultLike): result is Exchange {
  return typeof (result as Exchange).status === 'number' && typeof (result as Exchange).url === 'string';
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One limiter for every client of the run, so that --rate caps the suite as a whole. */
const limiter = config.rate === undefined ? undefined : new RateLimiter(config.rate);
const rateOption = { ...(limiter ? { rateLimiter: limiter } : {}), waitOn429: config.waitOn429 };

/** The world a test acts in: one per test file (namespace.ts), so that files never meet. */
const worldOf = (task: { file: { filepath: string } }): string => fileNamespace(config.namespace, task.file.filepath);

export const test = base.extend<{ api: Api; control: ControlPlane }>({
  control: async ({ task }, use) => {
    await use(await controlPlane(worldOf(task)));
  },
  api: async ({ task, onTestFinished }, use) => {
    const recorded: RecordedExchange[] = [];
    const unreported = new Map<Exchange, string[]>();
    const world = { [namespaceHeader]: worldOf(task) };
    const client = createSessionClient({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      timeoutMs: config.timeoutMs,
      headers: world,
      fetch: suiteFetch,
      ...rateOption,
      onExchange(exchange) {
        const { operationId, violations } = conformanceOf(exchange);
        recorded.push(recordExchange(exchange, operationId, violations));
        if (violations.length > 0) unreported.set(exchange, violations);
      },
    });
    // Cleanup goes through a client of its own, so that its traffic is neither checked nor blamed on the test.
    const janitor = createSessionClient({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      timeoutMs: config.timeoutMs,
      headers: world,
      fetch: suiteFetch,
      ...rateOption,
    });

    const exchangeOf = (result: ResultLike): Exchange => {
      if (isExchange(result)) return result;
      const exchange = client.exchangeOf(result.response);
      if (!exchange) throw new Error("This response did not come from the test's client");
      return exchange;
    };
    const expectAnswer = (result: ResultLike, fits: (status: number) => boolean, wanted: string, rule: string) => {
      const exchange = exchangeOf(result);
      const violations = unreported.get(exchange);
      unreported.delete(exchange);
      if (!fits(exchange.status)) assert.fail(describeFailure(exchange, `expected ${wanted}`, rule));
      if (violations)
        assert.fail(
          describeFailure(exchange, `the response breaks the spec: ${violations.join('; ')}`, rules.conformance),
        );
      return { exchange, json: parse(exchange.body) };
    };
    const expectStatus = (result: ResultLike, expected: number, rule: string): Checked =>
      expectAnswer(result, (status) => status === expected, String(expected), rule);
    const expectRefused = (result: ResultLike, rule: string): Checked =>
      expectAnswer(result, (status) => status >= 400 && status < 500, 'a refusal (a documented 4xx)', rule);
    const api: Api = {
      client,
      exchangeOf,
      newAccount: () => privateKeyToAccount(generatePrivateKey()),
      async walletToken(account = api.newAccount()) {
        const proof = await client.proveWallet(account);
        expectStatus(proof, 200, 'a wallet proof signed by the wallet itself is accepted (docs/rules.md §4)');
        return proof.token!;
      },
      async create(body, account = api.newAccount()) {
        const token = await api.walletToken(account);
        const result = await client.createSession(token, body);
        expectStatus(result, 200, 'create with a valid API key and wallet token succeeds');
        const data = result.data!;
        const handle: SessionHandle = {
          sessionId: data.sessionId,
          host: {
            account,
            sessionId: data.sessionId,
            userId: data.credentials.id,
            token: data.credentials.token,
            role: data.credentials.role,
          },
          expiry: data.rules.expiry,
          expiresIn: data.expiresIn,
          maxUsers: data.rules.maxUsers,
        };
        // Each check deletes what it made, so the suite is safe on a shared deployment.
        onTestFinished(() => deleteSession(janitor, handle));
        return handle;
      },
      async join(sessionId, options = {}) {
        const account = options.account ?? api.newAccount();
        const token = await api.walletToken(account);
        const result = await client.joinSession(token, {
          sessionId,
          ...(options.password === undefined ? {} : { password: options.password }),
        });
        expectStatus(result, 200, 'join of an existing session with a valid wallet token succeeds');
        const data = result.data!;
        return {
          account,
          sessionId,
          userId: data.credentials.id,
          token: data.credentials.token,
          role: data.credentials.role,
        };
      },
      expectStatus,
      expectRefused,
      expect401(result, scheme, rule, invalidToken = false) {
        const checked = expectStatus(result, 401, rule);
        const header = checked.exchange.headers['www-authenticate'] ?? '';
        const wwwRule =
          'every 401 carries WWW-Authenticate naming the scheme: Bearer for tokens (error="invalid_token" ' +
          'when a token was sent and refused), ApiKey for the key, SessionPassword for a password ' +
          '(docs/rules.md §15)';
        if (!new RegExp(`^${scheme}(\\s|,|$)`, 'i').test(header.trim())) {
          assert.fail(
            describeFailure(
              checked.exchange,
              `WWW-Authenticate is "${header}", expected the ${scheme} scheme`,
              wwwRule,
            ),
          );
        }
        if (invalidToken && !/error\s*=\s*"?invalid_token"?/i.test(header)) {
          assert.fail(
            describeFailure(
              checked.exchange,
              `WWW-Authenticate "${header}" lacks error="invalid_token" although a token was sent`,
              wwwRule,
            ),
          );
        }
        return checked;
      },
    };

    await use(api);

    task.meta.exchanges = recorded;
    if (unreported.size > 0) {
      const [exchange, violations] = [...unreported][0]!;
      throw new Error(
        describeFailure(
          exchange,
          `the response breaks the spec: ${violations.join('; ')} (${unreported.size} such responses in this test)`,
          rules.conformance,
        ),
      );
    }
  },
});

/** Deletes a session the test made; its host may have left, so rejoin as the creator when needed. */
export async function deleteSession(
  client: SessionClient,
  handle: { host: { account: PrivateKeyAccount; token: string }; sessionId: string },
): Promise<void> {
  try {
    const first = await client.deleteCurrentSession(handle.host.token);
    if (first.response.status !== 401) return;
    const proof = await client.proveWallet(handle.host.account);
    if (!proof.token) return;
    const joined = await client.joinSession(proof.token, { sessionId: handle.sessionId });
    if (joined.data) await client.deleteCurrentSession(joined.data.credentials.token);
  } catch {
    // Cleanup is best effort: a failure here must not hide the test's own result.
  }
}

export { describe } from 'vitest';
/** Every value check of the suite fails with a sentence (verdicts.ts). */
export { wordedExpect as expect } from './verdicts.ts';
