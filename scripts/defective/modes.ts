/**
 * Defective servers: each mode breaks exactly one rule of docs/rules.md (or
 * the spec) by rewriting the traffic to and from a correct server. The contract
 * suite must fail on every one of them.
 */

export interface Exchange {
  method: string;
  /** Path with query, as sent (e.g. /v1/session/join). */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Defect {
  /** The rule it breaks, in a few words. */
  breaks: string;
  /** Checks whose names match this must be among the failures. */
  caughtBy: RegExp;
  /**
   * The suite's files whose checks catch it (strict level, and core where it applies): the bounded
   * proof runs only these (contracts/self-test/defective-servers.test.ts). A suite whose part fails
   * fails whole, so the proof holds; `CONTRACT_PROOF=full` runs every file instead.
   */
  files: readonly string[];
  /** Rewrites the request, or answers it without the upstream. */
  request?(request: Exchange, state: Map<string, unknown>): Exchange | Answer;
  /** Rewrites the answer. */
  response?(request: Exchange, answer: Answer, state: Map<string, unknown>): Answer;
}

const json = (answer: Answer): unknown => {
  try {
    return JSON.parse(answer.body.toString('utf8'));
  } catch {
    return undefined;
  }
};

const withJson = (answer: Answer, value: unknown): Answer => {
  const body = Buffer.from(JSON.stringify(value));
  return { ...answer, body, headers: { ...answer.headers, 'content-length': String(body.length) } };
};

const empty = (status: number): Answer => ({ status, headers: { 'content-length': '0' }, body: Buffer.alloc(0) });

const is = (request: Exchange, method: string, path: string) =>
  request.method === method && request.path.split('?')[0] === path;

export const defects = {
  none: {
    breaks: 'nothing: a faithful pass-through, to show the proxy itself breaks no rule',
    caughtBy: /$^/,
    files: [],
  },
  'guest-kick-succeeds': {
    breaks: 'kick by a member who is not the host -> 403 (answers 200 instead)',
    caughtBy: /kick/i,
    files: ['kick-user'],
    response: (request, answer) =>
      is(request, 'POST', '/v1/session/current/kick') && answer.status === 403 ? empty(200) : answer,
  },
  'missing-www-authenticate': {
    breaks: 'every 401 carries WWW-Authenticate (dropped)',
    caughtBy: /401|WWW-Authenticate|refuses/i,
    files: ['security'],
    response: (_request, answer) => {
      if (answer.status !== 401) return answer;
      const { 'www-authenticate': _dropped, ...headers } = answer.headers;
      return { ...answer, headers };
    },
  },
  'wrong-type-in-body': {
    breaks: 'expiresIn is an integer (sent as a string)',
    caughtBy: /creates a session|join|honours/i,
    files: ['create-session', 'join-session'],
    response: (request, answer) => {
      if (answer.status !== 200 || !(is(request, 'POST', '/v1/session') || is(request, 'POST', '/v1/session/join')))
        return answer;
      const body = json(answer) as { expiresIn?: unknown } | undefined;
      return body && typeof body.expiresIn === 'number'
        ? withJson(answer, { ...body, expiresIn: String(body.expiresIn) })
        : answer;
    },
  },
  'server-error-on-bad-input': {
    breaks: 'a body that breaks the schema -> 422 (answers 500)',
    caughtBy: /never answers 2xx or 5xx|documented status|422/i,
    files: ['negative-inputs'],
    response: (_request, answer) =>
      answer.status === 422
        ? withJson(
            { ...answer, status: 500 },
            { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'Unhandled exception' },
          )
        : answer,
  },
  'delete-deletes-nothing': {
    breaks: 'delete: the session is gone for every member (answers 200 but keeps it)',
    caughtBy: /delete|gone|404/i,
    files: ['delete-session', 'effects'],
    request: (request) => (is(request, 'DELETE', '/v1/session/current') ? empty(200) : request),
  },
  'join-ignores-capacity': {
    breaks: 'join: the session is full (members = maxUsers) -> 409 (capacity raised to 1000 behind the scenes)',
    caughtBy: /full|capacity|409|model/i,
    files: ['join-session', 'effects'],
    request: (request, state) => {
      if (!is(request, 'POST', '/v1/session') || request.body.length === 0) return request;
      try {
        const body = JSON.parse(request.body.toString('utf8')) as { rules?: { userCapacity?: number | null } | null };
        state.set('pending', body.rules?.userCapacity ?? 10);
        return {
          ...request,
          body: Buffer.from(JSON.stringify({ ...body, rules: { ...(body.rules ?? {}), userCapacity: 1000 } })),
        };
      } catch {
        return request;
      }
    },
    response: (request, answer, state) => {
      const body = json(answer) as
        { sessionId?: string; id?: string; rules?: { maxUsers?: number }; maxUsers?: number } | undefined;
      if (answer.status !== 200 || !body) return answer;
      if (is(request, 'POST', '/v1/session') && body.sessionId && state.has('pending')) {
        state.set(`capacity:${body.sessionId}`, state.get('pending'));
        state.delete('pending');
      }
      const capacity = state.get(`capacity:${body.sessionId ?? body.id}`) as number | undefined;
      if (capacity === undefined) return answer;
      if (body.rules?.maxUsers !== undefined)
        return withJson(answer, { ...body, rules: { ...body.rules, maxUsers: capacity } });
      if (body.maxUsers !== undefined) return withJson(answer, { ...body, maxUsers: capacity });
      return answer;
    },
  },
  'nonce-replay-accepted': {
    breaks: 'a nonce message can be verified once (a replay gets the first token again)',
    caughtBy: /replay/i,
    files: ['wallet-proof', 'effects'],
    request: (request, state) => {
      if (!is(request, 'POST', '/v1/wallet-proof/verify')) return request;
      const cached = state.get(`verified:${request.body.toString('utf8')}`) as Answer | undefined;
      return cached ?? request;
    },
    response: (request, answer, state) => {
      if (is(request, 'POST', '/v1/wallet-proof/verify') && answer.status === 200)
        state.set(`verified:${request.body.toString('utf8')}`, answer);
      return answer;
    },
  },
  'errors-not-problem-json': {
    breaks: 'error bodies are application/problem+json (sent as application/json)',
    caughtBy: /./,
    files: ['security'],
    response: (_request, answer) =>
      answer.status >= 400 && (answer.headers['content-type'] ?? '').startsWith('application/problem+json')
        ? { ...answer, headers: { ...answer.headers, 'content-type': 'application/json; charset=utf-8' } }
        : answer,
  },
  'whitelist-ignored': {
    breaks: 'join: whitelist enforced and the wallet is not on it -> 403 (the whitelist is never enforced)',
    caughtBy: /whitelist|list/i,
    files: ['join-session', 'effects'],
    request: (request) => {
      if (!is(request, 'POST', '/v1/session') || request.body.length === 0) return request;
      try {
        const body = JSON.parse(request.body.toString('utf8')) as {
          rules?: Record<string, unknown> | null;
          whiteListAddresses?: string[] | null;
        };
        const listed = body.whiteListAddresses?.map((address) => ({ address })) ?? [];
        const rules = {
          ...(body.rules ?? {}),
          allowOnlyWhitelistedAddresses: false,
          ...(listed.length > 0 && !body.rules?.whiteListAddresses ? { whiteListAddresses: listed } : {}),
        };
        const { whiteListAddresses: _dropped, ...rest } = body;
        return { ...request, body: Buffer.from(JSON.stringify({ ...rest, rules })) };
      } catch {
        return request;
      }
    },
  },
} satisfies Record<string, Defect>;

export type DefectMode = keyof typeof defects;
export const defectModes = Object.keys(defects) as DefectMode[];
