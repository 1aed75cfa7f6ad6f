/**
 * The page's calls: the control plane under /__mock (with X-Mock-Namespace and,
 * when the mock needs it, the control token) and the Session API under /v1,
 * which the page uses as any client does (spec/mock-control.yaml, "Dashboard").
 */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
  ) {
    super(problem.detail ?? problem.title ?? `The mock answered ${status}.`);
  }
}

const tokenKey = 'session-api-mock.control-token';

export class MockClient {
  namespace: string;
  /** Asked for once, kept for the tab's life (sessionStorage). */
  token: string | undefined = sessionStorage.getItem(tokenKey) ?? undefined;
  /** Called when the control plane wants the token. */
  onTokenNeeded: () => void = () => undefined;

  constructor(namespace: string) {
    this.namespace = namespace;
  }

  useToken(token: string): void {
    this.token = token;
    sessionStorage.setItem(tokenKey, token);
  }

  /** A control call; answers its JSON (undefined for 204), throws a ProblemError otherwise. */
  async control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'x-mock-namespace': this.namespace };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    return (await this.send(`/__mock${path}`, method, headers, body)) as T;
  }

  /** A Session API call as a client: `bearer` is a wallet or session token. */
  async api<T = unknown>(
    method: string,
    path: string,
    options: { bearer?: string; apiKey?: string; body?: unknown } = {},
  ) {
    const headers: Record<string, string> = { 'x-mock-namespace': this.namespace };
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    return (await this.send(`/v1${path}`, method, headers, options.body)) as T;
  }

  private async send(url: string, method: string, headers: Record<string, string>, body: unknown): Promise<unknown> {
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const value: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const problem = (value ?? {}) as ProblemBody;
      if (response.status === 403 && /control token/.test(problem.detail ?? '')) this.onTokenNeeded();
      throw new ProblemError(response.status, problem);
    }
    return value;
  }
}
