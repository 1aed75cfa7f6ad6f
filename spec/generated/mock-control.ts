// Generated from spec/mock-control.yaml by `npm run generate` (openapi-typescript). Do not edit:
// change the spec and regenerate; `npm test` fails when this file is stale.

export interface paths {
    "/__mock/health": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * Is the mock up
         * @description The mock is serving; `sessions` and `now` are those of the caller's world,
         *     `dependencies` says whether the store that holds the worlds answers. When
         *     it does not, the answer is a 503 that names the dependency that is down
         *     (or, when the call presents a world token, which cannot be checked then,
         *     a `store-unavailable` problem).
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness and readiness, for load balancers
         * @description Not part of the control plane: served without any token, with
         *     `--no-control` too, on loopback and beyond; it opens no world and is not
         *     journalled. 200 while the mock serves and its store answers; 503 with
         *     `Retry-After` while the store cannot be reached (take the replica out of
         *     rotation; it comes back by itself). While a replica shuts down (SIGTERM)
         *     every new request on an open connection, this one included, is a 503 with
         *     `Connection: close`, and new connections are refused.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/reset": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Forget everything of the caller's world
         * @description Empties the caller's world, and only it (other worlds are untouched):
         *     sessions, nonces, revocations, fault rules, the loaded scenario and the
         *     request journal; sets its virtual clock back to real time, running (not
         *     frozen); and, when the mock was started with `--seed`, seeds its random
         *     generators again so that the same calls give the same data. The world
         *     starts a new generation: every token minted in it before the reset is
         *     refused from then on (401), even where the seed makes a new session repeat
         *     the ids of one it was minted for; the same holds after a restart of the
         *     mock, whatever `--token-secret` says. The world's hub connections are
         *     closed. Journal sequence numbers go on from where they were.
         */
        post: operations["resetMock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/wallet-token": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get a wallet token without a wallet
         * @description Mints a wallet token for `address` (a random address when none is given)
         *     without the wallet proof, for frontends and scripts that have no wallet.
         */
        post: operations["mintWalletToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/clock": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * Read the virtual clock
         * @description Answers the world's virtual time and how far it is from real time, and whether it is frozen.
         */
        get: operations["getClock"];
        put?: never;
        /**
         * Move the virtual clock forward, freeze or release it
         * @description The virtual clock of the caller's world drives session expiry and the
         *     lifetimes of nonces and tokens. Send exactly one of `advanceSeconds`,
         *     `now` (Unix seconds, each a whole number) and `freeze`. The clock only
         *     moves forward: `advanceSeconds` must be 0 or more, and `now` must not be
         *     earlier than the current virtual time. Restoring a snapshot
         *     (`PUT /__mock/snapshot`) is the one way it moves back.
         *
         *     `{ "freeze": true }` stops the clock where it is: time stands still until
         *     it is moved (`advanceSeconds` and `now` move a frozen clock, which stays
         *     frozen at the new time) or released, so that visual and snapshot tests see
         *     the same times on every run. `{ "freeze": false }` lets it run on from the
         *     time it stood at; freezing a frozen clock or releasing a running one
         *     changes nothing. While the clock stands, real time runs on, so
         *     `offsetSeconds` shrinks and may turn negative; the virtual time never goes
         *     back. A reset releases the clock.
         *
         *     It never passes 2038-01-12T02:14:07Z (Unix 2146875247): the int32 limit
         *     of the API's `expiry` (2038-01-19T03:14:07Z) less the longest session
         *     (604800 seconds) and the hour a session token outlives its session, so
         *     that no session, token or `expiry` made at any virtual time passes what
         *     spec/session-api.yaml allows. Once there, it stays there as real time
         *     goes on.
         *
         *     Every mistake is a 400 with one `detail` that says what to send, such as
         *     "The clock only moves forward; advanceSeconds must be 0 or more." or, past
         *     the limit, "The virtual clock cannot pass 2038-01-12T02:14:07Z (Unix
         *     2146875247), ...; advanceSeconds may be at most 530000000 now.".
         */
        post: operations["setClock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/sessions": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * List the live sessions
         * @description Every live session (neither deleted nor expired) of the caller's world with
         *     all its members, including those who left or were kicked.
         */
        get: operations["listSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/requests": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * List the recent requests
         * @description The recent requests to the API in the caller's world, oldest first: at
         *     most the journal's size (1000 entries by default) and a cap in bytes, the
         *     oldest going first. Control-plane calls are not recorded. An entry is
         *     stored before its answer leaves, so a test that got its answer finds it here.
         *
         *     Each entry has a `sequence` number, 1 for the world's first request and
         *     one more for each after it; the numbers go on across
         *     `DELETE /__mock/requests` and resets, so a poller that asks for entries
         *     `after` the last number it saw never misses new ones. `requestId` is the
         *     `X-Request-Id` the request sent (1 to 200 visible ASCII characters) or,
         *     when it sent none or another value, one the mock made; the answer carries
         *     it as `X-Request-Id` either way.
         *
         *     Headers are recorded with lower-case names, repeated ones joined with
         *     `, `. Bodies are recorded as text, cut after their first 8192 bytes
         *     (UTF-8, never inside a character), with `requestBodyTruncated` or
         *     `responseBodyTruncated` set when cut; an empty string when there was none.
         *
         *     No secret is recorded whole. Each is replaced by `***` and its last 4
         *     characters (`***` alone when it has 8 characters or fewer): the tokens and
         *     API keys in the headers `authorization` (after its scheme, as in
         *     `Bearer ***c2ln`) and `x-api-key`, the query parameter `access_token`
         *     (also in `query`), and, in JSON bodies, the value of every property named
         *     `token`, `signature` or `password` at any depth (such as
         *     `credentials.token` and `rules.password`). Bodies are redacted first and
         *     cut after.
         *
         *     The query parameters filter the entries, all of them together: a value
         *     that breaks its schema is a 400 naming it.
         */
        get: operations["listRequests"];
        put?: never;
        post?: never;
        /**
         * Forget the recorded requests
         * @description Empties the caller's world's journal; nothing else changes. Sequence
         *     numbers go on from where they were.
         */
        delete: operations["clearRequests"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/faults": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * List the fault rules
         * @description Answers the world's fault rules in the order they are tried, each with the firings it has left.
         */
        get: operations["listFaults"];
        put?: never;
        /**
         * Add a fault rule
         * @description Adds a rule that disturbs matching API requests of the caller's world
         *     (method and path as sent, e.g. `/v1/session/current`; both match
         *     everything when left out). The
         *     first matching rule fires: `latencyMs` delays the answer (0 to 10000),
         *     then `reset` drops the connection, or `status` (any 4xx or 5xx) answers a
         *     problem body with that status instead of the real answer. A rule with
         *     only `latencyMs` delays the real answer. `times` limits how often it
         *     fires (unlimited when left out); `probability` (0 to 1, default 1) makes
         *     it fire at random. A 503 or 429 it answers carries `Retry-After` with
         *     `retryAfterSeconds` (default 1): the wait the simulated outage announces,
         *     as the rule's author set it.
         */
        post: operations["addFault"];
        /**
         * Remove every fault rule
         * @description Removes every fault rule of the world; its API traffic is answered normally again.
         */
        delete: operations["clearFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/scenarios": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * List the shipped scenarios
         * @description The named scenarios in `mock/scenarios/*.yaml`, any of which `POST /__mock/scenario` loads by name.
         */
        get: operations["listScenarios"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/scenario": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * Read the loaded scenario and its tokens
         * @description The scenario loaded last (by `--scenario` or `POST /__mock/scenario`), with
         *     the ids of its sessions and members and the tokens minted for them. 404
         *     when none was loaded since the start or the last reset.
         */
        get: operations["getScenario"];
        put?: never;
        /**
         * Load a scenario
         * @description Starts over from no sessions (as `POST /__mock/reset` does for sessions,
         *     nonces, the clock and the random generators; fault rules and the request
         *     journal stay) and preloads the scenario's sessions and members through the
         *     same operations the API runs: the host creates, members join (with the
         *     session's password), then the kicked are kicked and the departed
         *     disconnect. Answers the ids and the tokens minted for every member, so a
         *     frontend can open straight into any of them. Acts on the caller's world
         *     only, and closes that world's hub connections.
         *
         *     Give either `name` (a shipped scenario, see `GET /__mock/scenarios`) or
         *     `scenario` (the same content as a scenario file). A scenario that breaks
         *     the schema, or whose steps the API refuses (a member not on the whitelist,
         *     more members than the capacity), is a 400 naming the field.
         *
         *     Loads asked for at the same time run one after the other, each whole, in
         *     the order they arrived: the last one's state is what remains.
         */
        post: operations["loadScenario"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/namespaces": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * List the worlds
         * @description Every world the mock holds, `default` included, sorted by name. Unlike the
         *     other calls, this one looks at every world, whatever `X-Mock-Namespace`
         *     says (the header is still checked, and its world opened, as on any call);
         *     called with a world token (`POST /__mock/namespaces/{name}`), it lists
         *     that world alone.
         */
        get: operations["listNamespaces"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/namespaces/{name}": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path: {
                /** @description The world to delete or claim. */
                name: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Claim a world for one team
         * @description Only with `--control-token`, and only with the control token itself:
         *     opens the world called `name` (made when it does not exist) and answers a
         *     new random token for that world alone. From then on the world's control
         *     calls accept that token as `Authorization: Bearer <world token>` besides
         *     the control token; presented for any other world, it is refused with 403.
         *     Claiming a claimed world again replaces its token (the old one stops
         *     working). The mock keeps only the token's hash: it cannot show it again.
         *     The claim survives resets and snapshots and goes with the world (deleted,
         *     or dropped when idle). `default` cannot be claimed. Without
         *     `--control-token` this is a 400: worlds are then isolation, not access
         *     control.
         */
        post: operations["claimNamespace"];
        /**
         * Delete a world
         * @description Forgets the world called `name` whole, whatever world the caller names in
         *     `X-Mock-Namespace`: its sessions, nonces, clock, fault rules, journal and
         *     scenario go, its hub connections are closed, and its tokens are refused
         *     (401) from then on, even in a world of the same name opened later (which
         *     starts a new generation). `default` is never dropped: deleting it empties
         *     it, as `POST /__mock/reset` in it does. A name no world has (a name that
         *     breaks the rule of `X-Mock-Namespace` included) is a 404.
         */
        delete: operations["deleteNamespace"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/snapshot": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * Save the caller's world
         * @description The caller's world as one JSON document, which `PUT /__mock/snapshot`
         *     puts back: its generation, its clock, every session record (with every
         *     member, including those who left or were kicked, and deleted or expired
         *     sessions not yet forgotten), the pending nonces, the fault rules with the
         *     firings they have left, and the loaded scenario. It holds no secret of the
         *     mock: not the token-signing key, the API keys or the control token, and no
         *     session password, only its hash (the loaded scenario's tokens are there,
         *     as `GET /__mock/scenario` shows them). The journal is not part of it.
         */
        get: operations["getSnapshot"];
        /**
         * Replace the caller's world with a snapshot
         * @description Replaces everything of the caller's world that a snapshot holds with the
         *     snapshot's content, as one change: sessions, nonces, clock, fault rules,
         *     scenario and generation. The journal stays as it is; the world's hub
         *     connections are closed.
         *
         *     The world takes the snapshot's generation, so a snapshot restored into
         *     the world it was taken from makes every token minted there since that
         *     generation began valid again (a token of a member who left or was kicked
         *     stays refused, as the records say); tokens minted in the world at another
         *     generation are refused (401). Restored into another world, the snapshot's
         *     tokens stay refused there: a token names its world. The clock takes the
         *     snapshot's `offsetMs` and `frozenAtMs`: restoring is the one way the
         *     virtual clock moves back. A running clock goes on from real time plus the
         *     offset; a frozen one stands at `frozenAtMs`.
         *
         *     A snapshot of an older format (`SnapshotV1`, `version: 1`: before the
         *     clock could be frozen and before fault rules counted their firings) is
         *     read as the current one: its clock runs (`frozenAtMs: null`) and its
         *     fault rules fire without limit (`remaining: null`).
         *
         *     A broken snapshot is a 400 whose `errors` point at each broken field, and
         *     the world is left as it was: a body that is not JSON or breaks the
         *     `Snapshot` schema, or `SnapshotV1` for `version: 1` (a `version` other
         *     than 1 and 2 included), two sessions with
         *     one id, two members of a session with one user id or one wallet, a
         *     creator who is not among the session's members, two nonces with one
         *     message, two fault rules with one id, or more sessions or nonces than the
         *     mock holds (`--max-sessions`, `--max-nonces`).
         */
        put: operations["restoreSnapshot"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/faults/{id}": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path: {
                /** @description The rule's `id`, as `GET /__mock/faults` lists it. */
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove one fault rule
         * @description Removes the rule with this id from the caller's world; the other rules stay, in their order.
         */
        delete: operations["removeFault"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/sessions/{sessionId}/members/{userId}/token": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path: {
                sessionId: string;
                /** @description The member's `id`, as `GET /__mock/sessions` lists it. */
                userId: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get a session token of any current member
         * @description Issues a session token for a current (active) member of a live session of
         *     the caller's world, as its join gave it: with it, a client (the dashboard)
         *     acts as that member through the Session API (kick, disconnect, delete),
         *     which the journal and the hub see as any client's call. A power of the
         *     control plane, never of the API: no API call hands out another member's token.
         *     The token lapses as the member's own does (the member leaves or is kicked,
         *     the session ends, the world is reset).
         */
        post: operations["issueMemberToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/events": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * Follow a world's changes (Server-Sent Events)
         * @description A stream of Server-Sent Events of one world: the world named by the
         *     `namespace` query parameter, else by `X-Mock-Namespace`, of its later
         *     incarnations too (after a delete or a reset). It opens with `retry: 2000`
         *     and the event `ready` (`{"namespace": ...}`); then, as each change is stored:
         *     `session` (`{"kind": "session-created" | "session-deleted" | "member-added" |
         *     "member-removed", "sessionId", "userId"?, "state"?}`), `journal` (the new
         *     entry, as `GET /__mock/requests` lists it), `clock`, `faults`, `scenario`
         *     (`{}`: read it again) and `reset` (`{"kind": "reset" | "restored"}`: read
         *     everything again). A comment line every 15 seconds keeps it open. Where the
         *     control token is needed, present it, or a ticket in the `ticket` query
         *     parameter (`POST /__mock/events/ticket`), which opens one stream of its world.
         */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/events/ticket": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get a ticket that opens an event stream
         * @description A random ticket that opens one `GET /__mock/events` stream of the caller's
         *     world within a minute, for a page whose EventSource cannot send the control
         *     token. It is used up by its first use, right or wrong, and is held only by
         *     the process that issued it.
         */
        post: operations["issueEventTicket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/ui": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * The dashboard page
         * @description A page that shows the caller's world live and steers it (see "Dashboard"
         *     above). Served without the control token: it holds no data. Its script and
         *     style sheet come from this mock (`/__mock/ui/app.js`, `/__mock/ui/app.css`),
         *     nothing from the network, under a Content-Security-Policy that says so.
         */
        get: operations["getDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/ui/app.js": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * The dashboard's script
         * @description The page's script, one ES module built from mock/dashboard/client/; served without the control token (it holds no data).
         */
        get: operations["getDashboardScript"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/ui/app.css": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * The dashboard's style sheet
         * @description The page's style sheet; served without the control token (it holds no data).
         */
        get: operations["getDashboardStyles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A session token of a current member (`issueMemberToken`). */
        MemberToken: {
            sessionId: string;
            userId: string;
            /** @enum {string} */
            role: "host" | "guest";
            /** @description A session token, as the member's join answered it: send it as a bearer token. */
            token: string;
        };
        /** @description Opens one event stream of its world within a minute (`issueEventTicket`). */
        EventTicket: {
            ticket: string;
            namespace: string;
            /** Format: date-time */
            expiresAt: string;
        };
        Problem: {
            /** Format: uri-reference */
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            errors?: {
                pointer: string;
                message: string;
            }[];
        };
        Health: {
            /** @constant */
            status: "ok";
            /** @description Live sessions. */
            sessions: number;
            /** @description Virtual time (Unix seconds). */
            now: number;
            /**
             * @description Errors the mock did not expect since it started (a bug in the mock),
             *     each logged with its stack to stderr. The mock keeps serving after
             *     one, but it should be 0: the fuzzer (`npm run fuzz`) fails otherwise.
             */
            unexpectedErrors: number;
            dependencies: components["schemas"]["Dependencies"];
        };
        /** @description A `store-unavailable` problem (RFC 9457) with the health's members. */
        HealthDown: components["schemas"]["Problem"] & {
            unexpectedErrors: number;
            dependencies: components["schemas"]["Dependencies"];
        };
        /** @description What the mock depends on, and whether it answers now. */
        Dependencies: {
            store: components["schemas"]["StoreStatus"];
        };
        StoreStatus: {
            /**
             * @description Where the worlds live (`--store`); `memory` is always up while the mock answers.
             * @enum {string}
             */
            kind: "memory" | "redis";
            /** @enum {string} */
            status: "up" | "down";
            /** @description Why it is down, for people. */
            detail?: string;
        };
        Readiness: {
            /** @constant */
            status: "ok";
        };
        /** @description A `store-unavailable` problem (RFC 9457) naming the store that is down. */
        ReadinessDown: components["schemas"]["Problem"] & {
            store: components["schemas"]["StoreStatus"];
        };
        WorldClaim: {
            /** @description The world claimed. */
            name: string;
            /**
             * @description The world's own control token, shown this once: present it as
             *     `Authorization: Bearer <token>` with `X-Mock-Namespace: <name>`.
             */
            token: string;
        };
        WalletTokenRequest: {
            address?: string;
            /** @default 300 */
            ttlSeconds?: number;
        };
        MintedWalletToken: {
            token: string;
            /** @description The wallet address, lower case. */
            address: string;
            expiresIn: number;
        };
        Clock: {
            /** @description Virtual time (Unix seconds); never past 2038-01-12T02:14:07Z. */
            now: number;
            /**
             * @description How far the virtual clock runs ahead of real time (`now` less real
             *     time); negative once a frozen clock has stood for longer than it ran ahead.
             */
            offsetSeconds: number;
            /** @description Whether the clock stands still (see `setClock`). */
            frozen: boolean;
        };
        ClockChange: {
            /** @description Seconds to move forward; at most what leaves the clock at 2038-01-12T02:14:07Z. */
            advanceSeconds: number;
        } | {
            /** @description Unix seconds, at most 2038-01-12T02:14:07Z. */
            now: number;
        } | {
            /** @description `true` stops the clock where it is; `false` lets it run on. */
            freeze: boolean;
        };
        /** @enum {string} */
        MemberState: "active" | "left" | "kicked";
        MockMember: {
            id: string;
            /** @enum {string} */
            role: "host" | "guest";
            name: string;
            address: string;
            /** @description The verified wallet address, lower case. */
            wallet: string;
            state: components["schemas"]["MemberState"];
        };
        MockSession: {
            id: string;
            creatorId: string;
            createdAt: number;
            expiry: number;
            maxUsers: number;
            passwordProtected: boolean;
            allowOnlyWhitelistedAddresses: boolean;
            whiteListAddresses: string[];
            members: components["schemas"]["MockMember"][];
        };
        SessionList: {
            sessions: components["schemas"]["MockSession"][];
        };
        /** @description One request to the API and its answer, secrets redacted (see `listRequests`). */
        JournalEntry: {
            /** @description Numbers the requests of a world in the order they were stored. */
            sequence: number;
            /**
             * Format: date-time
             * @description When the request was received (real time).
             */
            time: string;
            method: string;
            /** @description The path as sent, without the query. */
            path: string;
            /** @description The query after `?`, secrets redacted; empty when there was none. */
            query: string;
            status: number;
            durationMs: number;
            /** @description The Session API operation; null for an unknown path or method. */
            operationId: string | null;
            /** @description The `X-Request-Id` of the request and its answer. */
            requestId: string;
            /** @description The request's headers by lower-case name, secrets redacted. */
            requestHeaders: {
                [key: string]: string;
            };
            /** @description The answer's headers by lower-case name. */
            responseHeaders: {
                [key: string]: string;
            };
            /** @description The request body as text, redacted, cut after 8192 bytes. */
            requestBody: string;
            /** @description Whether `requestBody` was cut. */
            requestBodyTruncated: boolean;
            /** @description The answer body as text, redacted, cut after 8192 bytes. */
            responseBody: string;
            /** @description Whether `responseBody` was cut. */
            responseBodyTruncated: boolean;
        };
        RequestJournal: {
            requests: components["schemas"]["JournalEntry"][];
        };
        FaultRuleRequest: {
            method?: string;
            path?: string;
            status?: number;
            latencyMs?: number;
            times?: number;
            probability?: number;
            reset?: boolean;
            /** @description Retry-After of a 503 or 429 it answers (default 1). */
            retryAfterSeconds?: number;
        };
        FaultRule: {
            id: number;
            method?: string;
            path?: string;
            status?: number;
            latencyMs: number;
            reset: boolean;
            probability: number;
            /** @description Firings left; null for unlimited. */
            remaining?: number | null;
            /** @description Retry-After of a 503 or 429 it answers. */
            retryAfterSeconds?: number;
        };
        NamespaceSummary: {
            name: string;
            /** @description Sessions neither deleted nor expired. */
            liveSessions: number;
            /** @description Requests (to the API and the control plane) that named the world since it was opened. */
            requestsSeen: number;
            /** @description How far its virtual clock runs ahead of real time (see `Clock`). */
            clockOffsetSeconds: number;
            /**
             * Format: date-time
             * @description The last request (API or control plane) that named it; idle expiry counts from here.
             */
            lastUsed: string;
            /**
             * Format: date-time
             * @description When it was opened.
             */
            createdAt: string;
        };
        NamespaceList: {
            namespaces: components["schemas"]["NamespaceSummary"][];
        };
        /** @description One world, as `GET /__mock/snapshot` gives it and `PUT /__mock/snapshot` takes it. */
        Snapshot: {
            /**
             * @description The format of this document; the mock also reads the older 1 (`SnapshotV1`).
             * @constant
             */
            version: 2;
            /** @description The world it was taken from (it may be restored into another). */
            namespace: string;
            /** @description The world's generation when taken; the restored world takes it (see `restoreSnapshot`). */
            generation: string;
            /**
             * Format: date-time
             * @description When it was taken (real time).
             */
            takenAt: string;
            clock: {
                /** @description Milliseconds the virtual clock runs ahead of real time. */
                offsetMs: number;
                /** @description While the clock is frozen, the virtual time (Unix milliseconds) it stands at; else null. */
                frozenAtMs: number | null;
            };
            sessions: components["schemas"]["SnapshotSession"][];
            /** @description The wallet-proof messages issued and not yet verified. */
            nonces: {
                message: string;
                /** @description Unix seconds (virtual time) at which it expires. */
                expiresAt: number;
            }[];
            /** @description The fault rules in the order they are tried, with the firings each has left. */
            faults: components["schemas"]["FaultRule"][];
            /** @description The loaded scenario, or null when none is. */
            scenario: components["schemas"]["LoadedScenario"] | null;
        };
        /**
         * @description The older snapshot format (version 1), from before the clock could be
         *     frozen and fault rules counted their firings; `PUT /__mock/snapshot`
         *     reads it as version 2 with a running clock and rules that fire without limit.
         */
        SnapshotV1: {
            /** @constant */
            version: 1;
            namespace: components["schemas"]["Snapshot"]["namespace"];
            generation: components["schemas"]["Snapshot"]["generation"];
            takenAt: components["schemas"]["Snapshot"]["takenAt"];
            clock: {
                /** @description Milliseconds the virtual clock runs ahead of real time. */
                offsetMs: number;
            };
            sessions: components["schemas"]["Snapshot"]["sessions"];
            nonces: components["schemas"]["Snapshot"]["nonces"];
            /** @description The fault rules in the order they are tried. */
            faults: {
                id: number;
                method?: string;
                path?: string;
                status?: number;
                latencyMs: number;
                reset: boolean;
                probability: number;
            }[];
            scenario: components["schemas"]["Snapshot"]["scenario"];
        };
        /** @description A session record whole, as the mock keeps it. */
        SnapshotSession: {
            id: string;
            /** @description The creator's user id. */
            creatorId: string;
            /** @description The creator's verified wallet, lower case. */
            creatorWallet: string;
            /** @description Unix seconds. */
            createdAt: number;
            /** @description Unix seconds at which the session ends. */
            expiry: number;
            maxUsers: number;
            /** @description As the API answers it (int32). */
            maxFiles: number;
            /** @description As the API answers it (int64). */
            maxTotalMegaBytes: number;
            /**
             * @description The session password's hash, tagged with its algorithm, never the
             *     password; null when the session has none. The server hashes with
             *     scrypt (`scrypt$<salt>$<key>`, N=2^14, r=8, p=1), the mock under MSW
             *     in a browser with PBKDF2-HMAC-SHA256 through WebCrypto
             *     (`pbkdf2-sha256$<iterations>$<salt>$<key>`); salt and key are base64.
             *     Each verifies both, so a snapshot moves between them.
             */
            passwordHash: string | null;
            whitelistEnforced: boolean;
            /** @description Whitelisted addresses as given at create; compared in lower case. */
            whiteList: string[];
            /** @description Everyone who ever joined, in order of first join. */
            members: components["schemas"]["SnapshotMember"][];
            /** @description Unix seconds of the delete; null while not deleted. */
            deletedAt: number | null;
        };
        SnapshotMember: {
            userId: string;
            /** @description The verified wallet address, lower case. */
            wallet: string;
            /** @description The display name, as long as identity.name may be. */
            name: string;
            /** @description The address shown to others (an Ethereum address). */
            address: string;
            /** @enum {string} */
            role: "host" | "guest";
            state: components["schemas"]["MemberState"];
            /** @description Changes whenever the member joins after leaving; tokens of older memberships are refused. */
            membershipId: string;
        };
        FaultList: {
            faults: components["schemas"]["FaultRule"][];
        };
        ScenarioCatalogue: {
            scenarios: {
                name: string;
                description: string;
            }[];
        };
        /** @description Exactly one of `name` and `scenario`. */
        ScenarioRequest: {
            /** @description A shipped scenario (`mock/scenarios/<name>.yaml`). */
            name?: string;
            scenario?: components["schemas"]["Scenario"];
        };
        /** @description The content of a scenario file (YAML or JSON), as `npm start -- --scenario FILE` reads it. */
        Scenario: {
            name?: string;
            description?: string;
            /**
             * @description Lifetime of the wallet tokens minted for the scenario's wallets.
             * @default 86400
             */
            walletTokenTtlSeconds?: number;
            sessions: components["schemas"]["ScenarioSession"][];
            /** @description More wallets to mint tokens for (say, a user about to join), beyond the sessions' members. */
            wallets?: components["schemas"]["ScenarioWallet"][];
        };
        ScenarioWallet: string;
        ScenarioSession: {
            /** @description The session's name in this scenario (ids are generated); unique within it. */
            key: string;
            host: {
                wallet: components["schemas"]["ScenarioWallet"];
                /** @description Display name (default: a generated pseudonym); the characters the Session API allows in `identity.name`, else a 400. */
                name?: string;
                /**
                 * @description `left`: the host disconnected after the members joined.
                 * @default active
                 * @enum {string}
                 */
                state?: "active" | "left";
            };
            /** @description As `SessionRulesRequest` of the Session API, except that a session may end sooner than 60 seconds from now. */
            rules?: {
                userCapacity?: number;
                /** @description Seconds from loading until the session expires (a few for a session about to expire). */
                expiryDurationInSeconds?: number;
                password?: string;
                allowOnlyWhitelistedAddresses?: boolean;
                whiteListAddresses?: components["schemas"]["ScenarioWallet"][];
            };
            /** @description Guests, joined in this order, then kicked or disconnected as their state says. */
            members?: {
                wallet: components["schemas"]["ScenarioWallet"];
                /**
                 * @default active
                 * @enum {string}
                 */
                state?: "active" | "left" | "kicked";
            }[];
        };
        LoadedScenario: {
            name: string;
            /** @description Virtual time of loading (Unix seconds). */
            loadedAt: number;
            sessions: {
                key: string;
                sessionId: string;
                /** @description Unix seconds at which the session ends. */
                expiry: number;
                passwordProtected: boolean;
                members: {
                    /** @description The wallet address, lower case. */
                    wallet: string;
                    userId: string;
                    name: string;
                    /** @enum {string} */
                    role: "host" | "guest";
                    state: components["schemas"]["MemberState"];
                    /** @description The token of the member's last join; revoked (401) for a kicked or departed member. */
                    sessionToken: string;
                }[];
            }[];
            /** @description A wallet token for every wallet of the scenario (members and `wallets`). */
            wallets: {
                address: string;
                walletToken: string;
                expiresIn: number;
            }[];
        };
    };
    responses: {
        /**
         * @description The body or a query parameter cannot be read or breaks the schema, the
         *     change is not allowed (a clock moved backwards, a broken snapshot), or the
         *     `X-Mock-Namespace` header breaks its rule.
         */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The `X-Mock-Namespace` header breaks its rule. */
        InvalidNamespace: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The call names a world the mock does not hold, and the mock holds its
         *     maximum of worlds, each with live sessions (`namespaces-full`; never for
         *     `default`); or the store that holds the worlds cannot be reached
         *     (`store-unavailable`). Try again after `Retry-After` seconds.
         */
        NamespacesFull: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The call is refused: the control token is missing or wrong (needed beyond
         *     loopback, or wherever `--control-token` is set), or a world token is
         *     presented for another world than its own or for a call that needs the
         *     control token itself; or the call comes from a
         *     web page whose origin is not allowed (see `--control-origin`); or, while the
         *     mock listens on loopback, its `Host` is not a loopback name nor one given
         *     with `--allowed-host`.
         */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /**
         * @description The world the call acts on (`default` when left out): 1 to 64 characters,
         *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
         *     is a 400 naming the header.
         * @example checkout-test.42
         */
        Namespace: string;
    };
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before trying again (RFC 9110 §10.2.3). */
        "Retry-After": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The mock is serving. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            /**
             * @description A dependency is down (a `store-unavailable` problem with the
             *     members of `HealthDown`), or the world called is new and the mock
             *     holds its maximum of worlds. Try again after `Retry-After` seconds.
             */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["HealthDown"] | components["schemas"]["Problem"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The mock serves and its store answers. */
            200: {
                headers: {
                    /** @description Always `no-store`. */
                    "Cache-Control"?: "no-store";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description The store cannot be reached; try again after `Retry-After` seconds. */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ReadinessDown"];
                };
            };
        };
    };
    resetMock: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's world is as new. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    mintWalletToken: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["WalletTokenRequest"];
            };
        };
        responses: {
            /** @description A wallet token for the address. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MintedWalletToken"];
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    getClock: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The virtual time. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Clock"];
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    setClock: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClockChange"];
            };
        };
        responses: {
            /** @description The virtual time after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Clock"];
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    listSessions: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The live sessions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    listRequests: {
        parameters: {
            query?: {
                /** @description Only requests to this operation of the Session API (such as `joinSession`). */
                operationId?: string;
                /** @description Only requests answered with this status. */
                status?: number;
                /** @description Only requests with this method (compared without regard to case). */
                method?: string;
                /** @description Only entries whose `sequence` is larger than this. */
                after?: number;
                /** @description Only requests received at or after this real time (RFC 3339). */
                since?: string;
                /** @description At most this many entries, the newest of those matching (still oldest first). */
                limit?: number;
            };
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The journal. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestJournal"];
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    clearRequests: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The journal is empty. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    listFaults: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The fault rules, in the order they are tried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FaultList"];
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    addFault: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FaultRuleRequest"];
            };
        };
        responses: {
            /** @description The rule was added. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FaultRule"];
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    clearFaults: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No fault rules are left. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    listScenarios: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The shipped scenarios, by name. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScenarioCatalogue"];
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    getScenario: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The loaded scenario. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoadedScenario"];
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            /** @description No scenario was loaded since the start or the last reset. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["NamespacesFull"];
        };
    };
    loadScenario: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScenarioRequest"];
            };
        };
        responses: {
            /** @description The scenario is loaded. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoadedScenario"];
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    listNamespaces: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The worlds. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NamespaceList"];
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    claimNamespace: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path: {
                /** @description The world to delete or claim. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The world is claimed; the token is shown this once. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorldClaim"];
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    deleteNamespace: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path: {
                /** @description The world to delete or claim. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The world is gone (`default`, emptied). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            /** @description No world has this name. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["NamespacesFull"];
        };
    };
    getSnapshot: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's world. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Snapshot"];
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    restoreSnapshot: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Snapshot"] | components["schemas"]["SnapshotV1"];
            };
        };
        responses: {
            /** @description The caller's world is the snapshot's. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    removeFault: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path: {
                /** @description The rule's `id`, as `GET /__mock/faults` lists it. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rule is gone. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            /** @description The caller's world has no rule with this id. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["NamespacesFull"];
        };
    };
    issueMemberToken: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path: {
                sessionId: string;
                /** @description The member's `id`, as `GET /__mock/sessions` lists it. */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The member's token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberToken"];
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            /** @description No live session has this id, or the user is not a current member of it (never was, left, or was kicked). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["NamespacesFull"];
        };
    };
    streamEvents: {
        parameters: {
            query?: {
                /** @description The world to follow (EventSource cannot send `X-Mock-Namespace`); the rule of that header applies. */
                namespace?: string;
                /** @description A ticket from `POST /__mock/events/ticket`, in place of the control token; good once. */
                ticket?: string;
            };
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stream; it ends when the client leaves or the mock shuts down. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example retry: 2000
                     *     event: ready
                     *     data: {"namespace":"default"}
                     *
                     *     event: session
                     *     data: {"kind":"session-created","sessionId":"9f6b2c1e-3d4a-4b8e-a1f0-6c2d7e8f9a0b"}
                     */
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    issueEventTicket: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ticket. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventTicket"];
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    getDashboard: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    getDashboardScript: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An ES module. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
    getDashboardStyles: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The world the call acts on (`default` when left out): 1 to 64 characters,
                 *     a letter or digit, then letters, digits, `.`, `_` and `-`. Anything else
                 *     is a 400 naming the header.
                 * @example checkout-test.42
                 */
                "X-Mock-Namespace"?: components["parameters"]["Namespace"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSS. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/css": string;
                };
            };
            400: components["responses"]["InvalidNamespace"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["NamespacesFull"];
        };
    };
}
