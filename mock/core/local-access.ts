/**
 * Keeps web pages a developer happens to visit from steering the mock, as the
 * info of spec/mock-control.yaml and the README ("Browsers and the control plane")
 * describe: the control plane answers pages only from allowed origins, and while
 * the mock listens on loopback its control plane, /docs and the hub's WebSocket
 * refuse a Host header that is not a loopback name (a page whose DNS name was
 * rebound to 127.0.0.1 would otherwise count as the mock's own origin).
 */
import type { Problem } from '../domain/index.ts';

export interface LocalAccessOptions {
  /** Whether the mock listens on a loopback address: only then is the Host header checked. */
  readonly listensOnLoopback: boolean;
  /** `--allowed-host`: more host names (lower case, no port) accepted on loopback. */
  readonly allowedHosts: readonly string[];
  /** `--control-origin`: more origins whose pages may use the control plane; `*`: any. */
  readonly controlOrigins: readonly string[];
  /** Whether the control plane is served (off with --no-control). */
  readonly control: boolean;
}

/** Answers why a Host header is refused, or undefined when it is accepted. */
export type HostCheck = (host: string | undefined) => Problem | undefined;

/** The host name of a Host header or an origin's authority: no port, lower case, '[::1]' with its brackets. */
export function hostNameOf(authority: string): string {
  const match = /^(\[[^\]]*\]|[^:[\]]*)(?::\d*)?$/.exec(authority);
  return (match ? match[1]! : authority).toLowerCase();
}

export function createHostCheck(options: Pick<LocalAccessOptions, 'listensOnLoopback' | 'allowedHosts'>): HostCheck {
  // Beyond loopback the control token guards the control plane, and load balancers and service names must work.
  if (!options.listensOnLoopback) return () => undefined;
  const allowed = new Set(options.allowedHosts);
  return (host) => {
    // Browsers always send Host; only an HTTP/1.0 client may not, and it is no page.
    if (host === undefined) return undefined;
    const name = hostNameOf(host);
    if (isLoopback(name) || allowed.has(name)) return undefined;
    return {
      code: 'control-forbidden',
      detail:
        `The Host header "${host}" is not a loopback name. While the mock listens on loopback, its control plane, ` +
        '/docs and hub answer only localhost, 127.0.0.1 and [::1] (a page on another name may have rebound its DNS ' +
        `to this machine). If you reach the mock under that name, start it with --allowed-host ${name}.`,
    };
  };
}

/** Whether a page from `origin` may use the control plane of a mock reached under `host`. */
export function createControlOriginCheck(
  controlOrigins: readonly string[],
): (origin: string, host: string | undefined) => boolean {
  const any = controlOrigins.includes('*');
  const listed = new Set(controlOrigins);
  return (origin, host) => {
    if (any || listed.has(origin)) return true;
    const authority = /^https?:\/\/([^/]+)$/i.exec(origin)?.[1];
    if (authority === undefined) return false;
    // The mock's own pages (/docs try-it-out) and pages served from this machine.
    return authority.toLowerCase() === host?.toLowerCase() || isLoopback(hostNameOf(authority));
  };
}

/** Whether a host name (or address) is a loopback one. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why a page from `origin` may not use the control plane. */
export function originRefusal(origin: string): Problem {
  return {
    code: 'control-forbidden',
    detail:
      `Pages from ${origin} may not use the mock's control plane (a page you visit must not read its tokens ` +
      "or reset it); pages on localhost, 127.0.0.1 and [::1] and the mock's own /docs may. To allow this " +
      'origin, start the mock with --control-origin and that origin.',
  };
}
