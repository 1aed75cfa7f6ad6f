// Generated from spec/mock-control.yaml by `npm run generate` (openapi-typescript). Do not edit:
// change the spec and regenerate; `npm test` fails when this file is stale.

export interface paths {
    "/__mock/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Is the mock up */
        get: operations["getHealth"];
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
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Forget everything
         * @description Empties everything: sessions, nonces, revocations, fault rules and the
         *     request journal; sets the virtual clock back to real time; and, when the
         *     mock was started with `--seed`, seeds its random generators again so that
         *     the same calls give the same data. Every token minted before the reset is
         *     refused from then on (401), even where the seed makes a new session repeat
         *     the ids of one it was minted for; the same holds after a restart of the
         *     mock, whatever `--token-secret` says.
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
            header?: never;
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
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read the virtual clock */
        get: operations["getClock"];
        put?: never;
        /**
         * Move the virtual clock forward
         * @description The virtual clock drives session expiry and the lifetimes of nonces and
         *     tokens. Send exactly one of `advanceSeconds` and `now` (Unix seconds),
         *     each a whole number. The clock only moves forward: `advanceSeconds` must
         *     be 0 or more, and `now` must not be earlier than the current virtual time.
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
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the live sessions
         * @description Every live session (neither deleted nor expired) with all its members, including those who left or were kicked.
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
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the recent requests
         * @description The most recent requests to the API (newest last), at most the journal's size (1000 by default). Control-plane calls are not recorded.
         */
        get: operations["listRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/faults": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the fault rules */
        get: operations["listFaults"];
        put?: never;
        /**
         * Add a fault rule
         * @description Adds a rule that disturbs matching API requests (method and path as sent,
         *     e.g. `/v1/session/current`; both match everything when left out). The
         *     first matching rule fires: `latencyMs` delays the answer (0 to 10000),
         *     then `reset` drops the connection, or `status` (any 4xx or 5xx) answers a
         *     problem body with that status instead of the real answer. A rule with
         *     only `latencyMs` delays the real answer. `times` limits how often it
         *     fires (unlimited when left out); `probability` (0 to 1, default 1) makes
         *     it fire at random.
         */
        post: operations["addFault"];
        /** Remove every fault rule */
        delete: operations["clearFaults"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/__mock/scenarios": {
        parameters: {
            query?: never;
            header?: never;
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
            header?: never;
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
         *     frontend can open straight into any of them. Closes every hub connection.
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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
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
            /** @description How far the virtual clock runs ahead of real time. */
            offsetSeconds: number;
        };
        ClockChange: {
            /** @description Seconds to move forward; at most what leaves the clock at 2038-01-12T02:14:07Z. */
            advanceSeconds: number;
        } | {
            /** @description Unix seconds, at most 2038-01-12T02:14:07Z. */
            now: number;
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
        JournalEntry: {
            /** Format: date-time */
            time: string;
            method: string;
            path: string;
            status: number;
            durationMs: number;
            operationId: string | null;
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
        /** @description The body cannot be read or breaks the schema, or the change is not allowed (a clock moved backwards). */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The call is refused: the control token is missing or wrong (needed beyond
         *     loopback, or wherever `--control-token` is set); or the call comes from a
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
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
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
            403: components["responses"]["Forbidden"];
        };
    };
    resetMock: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The mock is as new. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: components["responses"]["Forbidden"];
        };
    };
    mintWalletToken: {
        parameters: {
            query?: never;
            header?: never;
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
        };
    };
    getClock: {
        parameters: {
            query?: never;
            header?: never;
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
            403: components["responses"]["Forbidden"];
        };
    };
    setClock: {
        parameters: {
            query?: never;
            header?: never;
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
        };
    };
    listSessions: {
        parameters: {
            query?: never;
            header?: never;
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
            403: components["responses"]["Forbidden"];
        };
    };
    listRequests: {
        parameters: {
            query?: never;
            header?: never;
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
            403: components["responses"]["Forbidden"];
        };
    };
    listFaults: {
        parameters: {
            query?: never;
            header?: never;
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
            403: components["responses"]["Forbidden"];
        };
    };
    addFault: {
        parameters: {
            query?: never;
            header?: never;
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
        };
    };
    clearFaults: {
        parameters: {
            query?: never;
            header?: never;
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
            403: components["responses"]["Forbidden"];
        };
    };
    listScenarios: {
        parameters: {
            query?: never;
            header?: never;
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
            403: components["responses"]["Forbidden"];
        };
    };
    getScenario: {
        parameters: {
            query?: never;
            header?: never;
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
        };
    };
    loadScenario: {
        parameters: {
            query?: never;
            header?: never;
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
        };
    };
}
