/**
 * The mock's control plane, when there is one. A real server has none: checks
 * that need it are skipped with the reason, never failed and never faked.
 * Every call names its world (X-Mock-Namespace): the control plane acts on the
 * caller's world only, so a file that moves its clock moves no one else's.
 */
import { config } from './config.ts';
import { namespaceHeader } from './namespace.ts';
import { suiteFetch as fetch } from './suite-fetch.ts';

export interface ControlPlane {
  available: boolean;
  /** Why it is not available (empty when it is). */
  reason: string;
  now(): Promise<number>;
  advance(seconds: number): Promise<number>;
}

type Call = (
  namespace: string,
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; json: unknown }>;

let probe: Promise<{ reason: string; call: Call }> | undefined;

/** The control plane as seen from the world `namespace`; whether there is one is found out once. */
export async function controlPlane(namespace: string): Promise<ControlPlane> {
  probe ??= detect();
  const { reason, call } = await probe;
  const clock = async (method: string, body?: unknown): Promise<number> => {
    const answer = await call(namespace, method, '/clock', body);
    const now = (answer.json as { now?: unknown } | undefined)?.now;
    if (answer.status !== 200 || typeof now !== 'number')
      throw new Error(
        `${method} ${config.controlUrl}/clock (${namespaceHeader}: ${namespace}) answered ${answer.status}: ` +
          JSON.stringify(answer.json),
      );
    return now;
  };
  return {
    available: reason === '',
    reason,
    now: () => clock('GET'),
    advance: (seconds) => clock('POST', { advanceSeconds: seconds }),
  };
}

async function detect(): Promise<{ reason: string; call: Call }> {
  const call: Call = async (namespace, method, path, body) => {
    const response = await fetch(`${config.controlUrl}${path}`, {
      method,
      headers: {
        [namespaceHeader]: namespace,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json };
  };
  let reason = '';
  if (config.controlUrl === 'off') {
    reason = 'control plane left alone on request (--no-control-plane): checks that move the clock are not run';
  } else {
    try {
      const health = await call(config.namespace, 'GET', '/health');
      if (health.status !== 200)
        reason = `no control plane: GET ${config.controlUrl}/health answered ${health.status}, not 200`;
    } catch (error) {
      reason = `no control plane: GET ${config.controlUrl}/health failed (${(error as Error).message})`;
    }
  }
  return { reason, call };
}
