/**
 * The rendered API reference at /docs: Scalar's standalone bundle, served from
 * node_modules or the package (scalar-bundle.ts; no CDN, no fonts from the network), reading the spec from
 * /docs/session-api.json and, when the control plane is served, the control
 * plane's from /docs/mock-control.json, whose `servers` name this mock's own
 * origin so that try-it-out calls reach the mock.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyOverlay, mockOverlayFile, readSpecDocument, type OverlayDocument } from '../../spec/index.ts';
import { problemResponse } from '../core/index.ts';
import type { Problem } from '../domain/index.ts';
import { scalarBundleFile } from './scalar-bundle.ts';

export interface DocsOptions {
  /** spec/session-api.yaml */
  readonly specFile: string;
  /** The hub's AsyncAPI document, served as is next to the reference (default: spec/session-events.asyncapi.yaml). */
  readonly eventsFile?: string;
  /** The Session API's base path (`/v1`). */
  readonly basePath: string;
  /** spec/mock-control.yaml, shown as a second document; none with --no-control. */
  readonly controlSpecFile?: string;
  /** Refuses a Host header the mock does not answer (mock/core/local-access.ts); none: every Host. */
  readonly refuseHost?: (host: string | undefined) => Problem | undefined;
}

const sessionEventsFile = fileURLToPath(new URL('../../spec/session-events.asyncapi.yaml', import.meta.url));

const docsPaths = {
  page: '/docs',
  bundle: '/docs/scalar-standalone.js',
  init: '/docs/init.js',
  spec: '/docs/session-api.json',
  controlSpec: '/docs/mock-control.json',
  events: '/docs/session-events.asyncapi.yaml',
} as const;

// Inline styles are Scalar's own (it injects them at run time); everything else must come from this origin.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'self'",
].join('; ');

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Session API reference (mock)</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <div id="app"></div>
    <script src="${docsPaths.bundle}"></script>
    <script src="${docsPaths.init}"></script>
  </body>
</html>
`;

/** Scalar's configuration: the Session API first, then the control plane when it is served. */
function initScript(withControl: boolean): string {
  const sources = [
    { title: 'Session API', slug: 'session-api', url: docsPaths.spec, default: true },
    ...(withControl ? [{ title: 'Mock control plane', slug: 'mock-control', url: docsPaths.controlSpec }] : []),
  ];
  return `Scalar.createApiReference('#app', {
  sources: ${JSON.stringify(sources)},
  // Nothing from the network: no web fonts, no telemetry, no proxy; try-it-out calls go to this mock.
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: false,
  defaultOpenAllTags: true,
  showDeveloperTools: 'never',
  documentDownloadType: 'json',
});
`;
}

/** Serves a GET (or HEAD) of a docs path; answers whether the request was one. */
export type DocsHandler = (request: IncomingMessage, response: ServerResponse, path: string) => boolean;

export function createDocsHandler(options: DocsOptions): DocsHandler {
  const bundleFile = scalarBundleFile();
  // Read once, lazily: most mock runs never open /docs, and reading them slowed the start.
  let bundle: Buffer | undefined;
  let document: Record<string, unknown> | undefined;
  let controlDocument: Record<string, unknown> | undefined;
  const init = initScript(options.controlSpecFile !== undefined);
  let events: string | undefined;
  const controlSpecFile = options.controlSpecFile;

  const origin = (request: IncomingMessage) => `http://${request.headers.host ?? 'localhost'}`;
  type Page = { type: string; cache: string; body: (request: IncomingMessage) => string | Buffer; csp?: boolean };
  const pages = new Map<string, Page>([
    [docsPaths.page, { type: 'text/html; charset=utf-8', cache: 'no-cache', body: () => page, csp: true }],
    [docsPaths.init, { type: 'text/javascript; charset=utf-8', cache: 'no-cache', body: () => init }],
    [
      docsPaths.bundle,
      {
        type: 'text/javascript; charset=utf-8',
        cache: 'public, max-age=3600',
        body: () => (bundle ??= readFileSync(bundleFile)),
      },
    ],
    [
      docsPaths.spec,
      {
        type: 'application/json',
        cache: 'no-cache',
        body: (request) => {
          // The mock's view (spec/mock-overlay.yaml laid over the spec): try-it-out offers X-Mock-Namespace.
          document ??= applyOverlay(
            readSpecDocument(options.specFile) as Record<string, unknown>,
            readSpecDocument(mockOverlayFile) as OverlayDocument,
          ).document;
          const servers = [{ url: `${origin(request)}${options.basePath}`, description: 'This mock' }];
          return JSON.stringify({ ...document, servers });
        },
      },
    ],
    [
      docsPaths.events,
      {
        type: 'application/yaml; charset=utf-8',
        cache: 'no-cache',
        body: () => (events ??= readFileSync(options.eventsFile ?? sessionEventsFile, 'utf8')),
      },
    ],
  ]);
  if (controlSpecFile !== undefined) {
    pages.set(docsPaths.controlSpec, {
      type: 'application/json',
      cache: 'no-cache',
      body: (request) => {
        controlDocument ??= readSpecDocument(controlSpecFile) as Record<string, unknown>;
        return JSON.stringify({ ...controlDocument, servers: [{ url: origin(request), description: 'This mock' }] });
      },
    });
  }

  return (request, response, path) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const found = pages.get(path);
    if (!found && path !== `${docsPaths.page}/`) return false;
    request.resume();
    const refused = options.refuseHost?.(request.headers.host);
    if (refused) {
      const answer = problemResponse(refused, path);
      response.writeHead(answer.status, answer.headers);
      response.end(request.method === 'HEAD' ? undefined : answer.body);
      return true;
    }
    if (!found) {
      response.writeHead(302, { location: docsPaths.page, 'content-length': '0' });
      response.end();
      return true;
    }
    const body = found.body(request);
    response.writeHead(200, {
      'content-type': found.type,
      'cache-control': found.cache,
      'content-length': String(Buffer.byteLength(body)),
      ...(found.csp ? { 'content-security-policy': contentSecurityPolicy } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  };
}
