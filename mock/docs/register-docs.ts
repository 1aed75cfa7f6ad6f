/**
 * The rendered API reference at /docs: Scalar's standalone bundle, served from
 * node_modules (no CDN, no fonts from the network), reading the spec from
 * /docs/session-api.json and, when the control plane is served, the control
 * plane's from /docs/mock-control.json, whose `servers` name this mock's own
 * origin so that try-it-out calls reach the mock.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readSpecDocument } from '../../spec/index.ts';

export interface DocsOptions {
  /** spec/session-api.yaml */
  readonly specFile: string;
  /** The hub's AsyncAPI document, served as is next to the reference (default: spec/session-events.asyncapi.yaml). */
  readonly eventsFile?: string;
  /** The Session API's base path (`/v1`). */
  readonly basePath: string;
  /** spec/mock-control.yaml, shown as a second document; none with --no-control. */
  readonly controlSpecFile?: string;
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

export function registerDocs(app: FastifyInstance, options: DocsOptions): void {
  const bundleFile = createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js');
  // Read once, lazily: most mock runs never open /docs, and reading them slowed the start.
  let bundle: Buffer | undefined;
  let document: Record<string, unknown> | undefined;
  let controlDocument: Record<string, unknown> | undefined;
  const init = initScript(options.controlSpecFile !== undefined);
  let events: string | undefined;
  // Not API traffic: no fault rules, no Prefer, no journal (mock/http/traffic.ts).
  const config = { control: true };

  const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

  app.get(docsPaths.page, { config }, (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', contentSecurityPolicy)
      .header('cache-control', 'no-cache')
      .send(page),
  );
  app.get(`${docsPaths.page}/`, { config }, (_request, reply) => reply.redirect(docsPaths.page));
  app.get(docsPaths.init, { config }, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(init),
  );
  app.get(docsPaths.bundle, { config }, (_request, reply) => {
    bundle ??= readFileSync(bundleFile);
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(bundle);
  });
  app.get(docsPaths.spec, { config }, (request, reply) => {
    document ??= readSpecDocument(options.specFile) as Record<string, unknown>;
    const servers = [{ url: `${origin(request)}${options.basePath}`, description: 'This mock' }];
    return reply
      .type('application/json')
      .header('cache-control', 'no-cache')
      .send(JSON.stringify({ ...document, servers }));
  });
  const controlSpecFile = options.controlSpecFile;
  if (controlSpecFile !== undefined) {
    app.get(docsPaths.controlSpec, { config }, (request, reply) => {
      controlDocument ??= readSpecDocument(controlSpecFile) as Record<string, unknown>;
      const servers = [{ url: origin(request), description: 'This mock' }];
      const body = JSON.stringify({ ...controlDocument, servers });
      return reply.type('application/json').header('cache-control', 'no-cache').send(body);
    });
  }
  app.get(docsPaths.events, { config }, (_request, reply) => {
    events ??= readFileSync(options.eventsFile ?? sessionEventsFile, 'utf8');
    return reply.type('application/yaml; charset=utf-8').header('cache-control', 'no-cache').send(events);
  });
}
