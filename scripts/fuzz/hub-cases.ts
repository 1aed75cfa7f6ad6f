/**
 * What the hub fuzzer sends (hub.ts), drawn by fast-check from a seed: upgrade
 * requests with odd targets, methods and headers; handshakes and hub messages
 * with every field replaced by hostile JSON (objects with their own toString,
 * arrays, null, numbers, huge strings, deep nesting); invalid UTF-8 and binary
 * frames; and clients that stop reading while they send.
 */
import fc from 'fast-check';

/** A value as raw JSON text, so that it can nest deeper than JSON.stringify would allow. */
const hostileJson: fc.Arbitrary<string> = fc.oneof(
  // Objects that break String(value) and template strings: the mock's crash of issue 11.
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '{"toString":1}',
      '{"valueOf":1,"toString":{}}',
      '{"__proto__":{"toString":1}}',
      '{"toString":{},"valueOf":{}}',
    ),
  },
  fc.constantFrom(
    '{"constructor":{"prototype":1}}',
    'null',
    'true',
    '[]',
    '[1,"a",null]',
    '{}',
    '1e400',
    '-0',
    '9007199254740993',
    '""',
    '"json"',
    '"\\u0000\\ud800"',
    '1',
    '6',
    '7',
    '"1"',
  ),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 40, unit: 'binary' }).map((value) => JSON.stringify(value)),
  fc.integer({ min: 1000, max: 60_000 }).map((length) => JSON.stringify('x'.repeat(length))),
  fc.integer({ min: 1, max: 30_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 6_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
);

export type Encoding = 'text' | 'invalid-utf8' | 'binary';

export interface Frame {
  readonly text: string;
  readonly encoding: Encoding;
}

const encoding: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('text' as const) },
  fc.constant('invalid-utf8' as const),
  fc.constant('binary' as const),
);

const handshakeText: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      protocol: fc.oneof(fc.constant('"json"'), hostileJson),
      version: fc.oneof(fc.constant('1'), hostileJson),
    })
    .map(({ protocol, version }) => `{"protocol":${protocol},"version":${version}}\u001e`),
  hostileJson.map((value) => `${value}\u001e`),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '',
    '\u001e',
    '\u001e\u001e\u001e',
    '{"protocol":"json","version":1}',
    '{"protocol":"json","version":1}\u001e{"type":6}\u001e',
  ),
);

const messageFields = [
  'invocationId',
  'target',
  'arguments',
  'streamIds',
  'headers',
  'error',
  'result',
  'item',
  'allowReconnect',
] as const;

const messageText: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      type: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '0', '8', '99', '-1', '1.5') },
        hostileJson,
      ),
      fields: fc.uniqueArray(
        fc.tuple(
          fc.constantFrom(...messageFields),
          fc.oneof(fc.constantFrom('"1"', '"SendMessage"', '[]', '{}'), hostileJson),
        ),
        { maxLength: 4, selector: ([name]) => name },
      ),
    })
    .map(({ type, fields }) => `{"type":${type}${fields.map(([name, value]) => `,"${name}":${value}`).join('')}}`),
  hostileJson,
);

/** One frame of 1 to 80 records (past the hub's 64 sometimes), with an odd encoding now and then. */
const messageFrame: fc.Arbitrary<Frame> = fc
  .record({
    records: fc.array(messageText, { minLength: 1, maxLength: 3 }),
    repeat: fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, fc.integer({ min: 2, max: 80 })),
    encoding,
  })
  .map(({ records, repeat, encoding }) => {
    let text = records.map((record) => `${record}\u001e`).join('');
    while (repeat-- > 1 && text.length < 32_000) text += `${records[0]}\u001e`;
    return { text, encoding };
  });

export type HubCase =
  | {
      readonly kind: 'upgrade';
      readonly method: string;
      readonly target: string;
      readonly headers: readonly (readonly [string, string])[];
      readonly withToken: boolean;
    }
  | { readonly kind: 'handshake'; readonly frame: Frame }
  | { readonly kind: 'messages'; readonly frames: readonly Frame[] }
  | { readonly kind: 'slow-reader' };

const targets = fc.oneof(
  fc.constantFrom(
    '//x:99999/',
    'http://%zz/',
    'http://[/',
    '*',
    '/%00',
    '/v1/hubs/session',
    '/v1/hubs/session?id=unknown',
    '/v1/hubs/session?access_token=%zz',
    '/v1/hubs/session/../session',
    '/v1/hubs/session/',
    'http://127.0.0.1/v1/hubs/session',
    '/v1/hubs/session/negotiate?negotiateVersion=1',
    '/v1/wallet-proof/nonce',
    '/__mock/health',
  ),
  fc
    .string({ minLength: 1, maxLength: 60, unit: 'binary-ascii' })
    // Printable ASCII only: no spaces, no control characters.
    .map((value) => [...value].filter((char) => char > ' ' && char !== '\u007f').join('') || '/'),
);

const upgradeCase: fc.Arbitrary<HubCase> = fc.record({
  kind: fc.constant('upgrade' as const),
  method: fc.constantFrom('GET', 'GET', 'GET', 'POST', 'HEAD', 'OPTIONS', 'DELETE'),
  target: targets,
  withToken: fc.boolean(),
  headers: fc
    .tuple(
      fc.constantFrom(
        'websocket',
        'WebSocket',
        ' websocket ',
        'h2c',
        '',
        'websocket, h2c',
        'garbage',
        'x'.repeat(4000),
      ),
      fc.constantFrom('Upgrade', 'upgrade, keep-alive', 'keep-alive, Upgrade', 'Upgrade, HTTP2-Settings'),
      fc.constantFrom<[string, string][]>(
        [
          ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
          ['Sec-WebSocket-Version', '13'],
        ],
        [['Sec-WebSocket-Version', '13']],
        [
          ['Sec-WebSocket-Key', 'short'],
          ['Sec-WebSocket-Version', '13'],
        ],
        [
          ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
          ['Sec-WebSocket-Version', '99'],
        ],
        [
          ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
          ['Sec-WebSocket-Version', '13'],
          ['Sec-WebSocket-Protocol', ',,,'],
        ],
        [
          ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
          ['Sec-WebSocket-Version', '13'],
          ['Sec-WebSocket-Extensions', 'permessage-deflate; server_max_window_bits=99'],
        ],
        [['HTTP2-Settings', 'AAMAAABkAAQCAAAAAAIAAAAA']],
        [],
      ),
    )
    .map(([upgrade, connection, rest]) => [['Upgrade', upgrade], ['Connection', connection], ...rest] as const),
});

export const hubCaseArbitrary: fc.Arbitrary<HubCase> = fc.oneof(
  { weight: 5, arbitrary: upgradeCase },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('handshake' as const),
      frame: fc.record({ text: handshakeText, encoding }),
    }),
  },
  {
    weight: 9,
    arbitrary: fc.record({
      kind: fc.constant('messages' as const),
      frames: fc.array(messageFrame, { minLength: 1, maxLength: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'slow-reader' as const }) },
);
