// Generated from spec/session-api.yaml by `npm run generate` (openapi-typescript). Do not edit:
// change the spec and regenerate; `npm test` fails when this file is stale.

export interface paths {
    "/wallet-proof/nonce": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a message to sign
         * @description Issues a short-lived (5 minutes), single-use message for the wallet to
         *     sign with EIP-191 `personal_sign`. Send the message, the signature and the
         *     wallet's address to `POST /wallet-proof/verify`.
         *
         *     The mock never answers 503 here: when it holds its maximum of pending
         *     messages (`--max-nonces`), the oldest pending message is dropped to make room.
         */
        get: operations["getWalletNonce"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/wallet-proof/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify a signed message and get a wallet token
         * @description Checks that `signature` is an EIP-191 `personal_sign` signature of
         *     `message` that recovers to `walletAddress` (compared case-insensitively),
         *     and that `message` was issued by `GET /wallet-proof/nonce`, has not
         *     expired and has not been verified before. Answers a wallet token, valid
         *     5 minutes, for `POST /session` and `POST /session/join`.
         *
         *     Every failure of this operation is a 400: an unreadable or malformed
         *     body, a body that breaks the schema, an unknown `chain`, an unknown,
         *     expired or already used message, and a signature that does not recover
         *     to `walletAddress`.
         */
        post: operations["verifyWalletProof"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a session
         * @description Creates a new session with the specified parameters; the caller becomes
         *     its `host`. Pass in an `identity` to assume a specific name and address in
         *     the session (defaults: a generated pseudonym and the verified wallet).
         *
         *     Rules default to `userCapacity` 10 (1 to 1000), `expiryDurationInSeconds`
         *     3600 (60 to 604800), 100 files and 1024 MB. The whitelist in `rules` is
         *     enforced on join only when `allowOnlyWhitelistedAddresses` is true. The
         *     deprecated top-level `password` and `whiteListAddresses` still work: the
         *     top-level list means the same as the list in `rules` with
         *     `allowOnlyWhitelistedAddresses: true`; where both are given, `rules` wins.
         *     The body may be omitted: every field has a default.
         */
        post: operations["createSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join a session
         * @description Allows a user to join an existing session as a `guest`. Requires the
         *     `Authorization` header with a wallet token from the wallet proof.
         *
         *     Joining again while a member is idempotent: 200 with the same user id and
         *     a fresh token (the old token stays valid). Joining after a disconnect
         *     gives the same user id back. Every join of a password-protected session
         *     needs the password, rejoins included; the creator's wallet is exempt from
         *     the password and the whitelist and gets `host` back.
         *
         *     Fails with 404 when the session does not exist, was deleted or has
         *     expired; 403 when the whitelist is enforced and the wallet is not on it,
         *     or the wallet was kicked from this session; 401 when the password is
         *     missing or wrong; 409 when the session is full.
         *
         *     A session remembers every wallet that ever joined it (so that each keeps
         *     its user id and a kicked one stays banned), up to 10 wallets per seat
         *     (10 × `maxUsers`, the creator included). The mock refuses a wallet new to
         *     a session that has seen that many with 409 (`wallet-limit-reached`);
         *     wallets it remembers may still rejoin.
         */
        post: operations["joinSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the current session
         * @description Retrieves the session of the session token, with its current members.
         *     404 when the session was deleted or has expired.
         */
        get: operations["getCurrentSession"];
        put?: never;
        post?: never;
        /**
         * Delete the current session
         * @description Deletes the session of the authenticated user with host role. The session
         *     is then gone for every member (404) and cannot be joined (404).
         *     403 when the caller is not the host.
         */
        delete: operations["deleteCurrentSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/current/kick": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Kick user from session
         * @description Kicks a member from the current session (host only). The kicked member's
         *     tokens stop working (401) and its wallet cannot join this session again
         *     (403).
         *
         *     Fails with 403 when the caller is not the host (also a guest naming
         *     itself), 404 when `userId` is not a member of the caller's session, and
         *     422 when the host names itself.
         */
        post: operations["kickUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session/disconnect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disconnect user from session
         * @description Ends the caller's membership: its tokens stop working (401). The session
         *     itself lives on until deleted or expired, and the caller may join again
         *     (with the same user id). When the host disconnects, the session goes on
         *     without a host until the creator's wallet rejoins. A body, if sent, is
         *     ignored, whatever its type and content.
         */
        post: operations["disconnectSession"];
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
        /** @description An RFC 9457 problem details object. */
        Problem: {
            /**
             * Format: uri-reference
             * @description A URI that identifies the kind of problem.
             */
            type: string;
            /** @description A short summary of the kind of problem. */
            title: string;
            /**
             * Format: int32
             * @description The HTTP status of this answer.
             */
            status: number;
            /** @description What went wrong this time, and what to do about it. */
            detail?: string;
            /** @description The request path that failed. */
            instance?: string;
            /** @description The offending fields of a body that breaks the schema (422). */
            errors?: components["schemas"]["FieldError"][];
        };
        FieldError: {
            /** @description JSON Pointer (RFC 6901) to the offending field in the body; empty for the body itself. */
            pointer: string;
            /** @description What is wrong with it. */
            message: string;
        };
        /**
         * @description An Ethereum address, `0x` and 40 hexadecimal digits (any case).
         * @example 0x9c1F7dE4b1E2a0C3b4D5e6F708192A3B4c5D6e7F
         */
        EthereumAddress: string;
        WalletNonce: {
            /**
             * Format: int32
             * @description The nonce the message carries.
             */
            nonce: number;
            /** @description The message to sign with EIP-191 `personal_sign`, byte for byte (as long as verify accepts at most). */
            message: string;
        };
        VerifyWalletRequest: {
            walletAddress: components["schemas"]["EthereumAddress"];
            /** @description The message from `GET /wallet-proof/nonce`, unchanged. */
            message: string;
            /** @description The 65-byte EIP-191 signature, hex-encoded. */
            signature: string;
        };
        WalletToken: {
            /** @description Wallet token (JWT), valid 5 minutes. */
            token: string;
        };
        /** @description The name and address to assume in the session. */
        Identity: {
            /**
             * @description Display name. Default: a generated pseudonym.
             *
             *     It may hold letters, combining marks, digits, punctuation, symbols and
             *     spaces (Unicode categories L, M, N, P, S and Zs), and the zero-width
             *     (non-)joiners U+200C and U+200D that emoji and some scripts need; at
             *     least one character must be a letter, digit, punctuation mark or symbol.
             *     Control characters (NUL included), other invisible formatting characters
             *     (U+200B, bidi overrides and isolates such as U+202E), line and paragraph
             *     separators, private-use and unassigned code points and lone surrogates
             *     are refused with 422, `errors` naming `/identity/name`. (As an ECMAScript
             *     pattern with the `u` flag:
             *     `^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\u200C\u200D]*[\p{L}\p{N}\p{P}\p{S}][\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\u200C\u200D]*$`;
             *     not given as `pattern`, which not every client's regular expressions read.)
             */
            name?: string | null;
            /** @description Address shown to others. Default: the verified wallet address. */
            chainAddress?: components["schemas"]["EthereumAddress"] | null;
        };
        WhiteListAddressRequest: {
            address: components["schemas"]["EthereumAddress"];
            /**
             * @default Ethereum
             * @enum {string}
             */
            chain?: "Ethereum";
        };
        SessionRulesRequest: {
            /**
             * Format: int32
             * @description Most members at once, the host included.
             * @default 10
             */
            userCapacity?: number | null;
            /**
             * Format: int32
             * @description Seconds from creation until the session ends.
             * @default 3600
             */
            expiryDurationInSeconds?: number | null;
            /** @description Password every joiner but the creator must give. Never returned. */
            password?: string | null;
            /**
             * @description Enforce `whiteListAddresses` on join.
             * @default false
             */
            allowOnlyWhitelistedAddresses?: boolean | null;
            whiteListAddresses?: components["schemas"]["WhiteListAddressRequest"][] | null;
        };
        CreateSessionRequest: {
            identity?: components["schemas"]["Identity"] | null;
            rules?: components["schemas"]["SessionRulesRequest"] | null;
            /**
             * @deprecated
             * @description Deprecated; use `rules.password`.
             */
            password?: string | null;
            /**
             * @deprecated
             * @description Deprecated; use `rules.whiteListAddresses` with `rules.allowOnlyWhitelistedAddresses`. A list here is enforced.
             */
            whiteListAddresses?: components["schemas"]["EthereumAddress"][] | null;
        };
        JoinSessionRequest: {
            sessionId: string;
            /** @description The session's password, when it has one. */
            password?: string | null;
        };
        KickRequest: {
            /** @description The user id of the member to kick. */
            userId: string;
        };
        /** @enum {string} */
        Role: "host" | "guest";
        /** @description A session's id (at most as long as join's `sessionId` accepts). */
        SessionId: string;
        /** @description A member's user id in its session (at most as long as kick's `userId` accepts). */
        UserId: string;
        /**
         * Format: int32
         * @description Unix time (seconds) at which the session ends. The real API declares it `int32`, so it cannot name a time
         *     after 2038-01-19T03:14:07Z (2147483647); the mock's virtual clock stops short of that limit (docs/reliability.md,
         *     "The virtual clock's limit").
         */
        Expiry: number;
        SessionCredentials: {
            /** @description Session token (JWT) for the `/session/current` operations and disconnect. */
            token: string;
            id: components["schemas"]["UserId"];
            /** @description The caller's display name in this session (as long as `identity.name` may be). */
            pseudonym: string;
            role: components["schemas"]["Role"];
        };
        SessionRules: {
            expiry: components["schemas"]["Expiry"];
            /** Format: int32 */
            maxFiles: number;
            /**
             * Format: int32
             * @description Most members at once, the host included (`userCapacity`, 1 to 1000).
             */
            maxUsers: number;
            /** Format: int64 */
            maxTotalMegaBytes: number;
            passwordProtected: boolean;
            /** @description The whitelisted addresses, as given at create (at most 1000, as create accepts). */
            whiteListAddresses: components["schemas"]["EthereumAddress"][];
        };
        User: {
            id: components["schemas"]["UserId"];
            role: components["schemas"]["Role"];
            /** @description The member's display name (as long as `identity.name` may be). */
            name: string;
            /** @description The address shown to others (`identity.chainAddress`, or the verified wallet). */
            address: components["schemas"]["EthereumAddress"];
        };
        CreateSessionResponse: {
            sessionId: components["schemas"]["SessionId"];
            /**
             * Format: int32
             * @description Seconds left until the session ends.
             */
            expiresIn: number;
            credentials: components["schemas"]["SessionCredentials"];
            rules: components["schemas"]["SessionRules"];
        };
        JoinSessionResponse: {
            sessionId: components["schemas"]["SessionId"];
            /**
             * Format: int32
             * @description Seconds left until the session ends.
             */
            expiresIn: number;
            credentials: components["schemas"]["SessionCredentials"];
            rules: components["schemas"]["SessionRules"];
            /** @description The session's current members (at most `maxUsers`, so at most 1000). */
            users: components["schemas"]["User"][];
        };
        Session: {
            id: components["schemas"]["SessionId"];
            /** @description User id of the session's creator. */
            creatorId: components["schemas"]["UserId"];
            expiry: components["schemas"]["Expiry"];
            /** Format: int32 */
            maxFiles: number;
            /**
             * Format: int32
             * @description Most members at once, the host included (`userCapacity`, 1 to 1000).
             */
            maxUsers: number;
            /** Format: int64 */
            maxTotalMegaBytes: number;
            passwordProtected: boolean;
            /** @description The whitelisted addresses, as given at create (at most 1000, as create accepts). */
            whiteListAddresses: components["schemas"]["EthereumAddress"][];
            /** @description The session's current members (at most `maxUsers`, so at most 1000). */
            users: components["schemas"]["User"][];
        };
    };
    responses: {
        /** @description The body is not valid JSON. */
        MalformedJson: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The API key or the wallet token is missing, unknown, malformed, badly
         *     signed, expired or of the wrong kind.
         */
        CreateUnauthorized: {
            headers: {
                "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The wallet token is missing, malformed, badly signed, expired or of the
         *     wrong kind (`WWW-Authenticate: Bearer`), or the session is
         *     password-protected and the password is missing or wrong
         *     (`WWW-Authenticate: SessionPassword`).
         */
        JoinUnauthorized: {
            headers: {
                "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The session token is missing, malformed, badly signed, expired, of the
         *     wrong kind, or revoked by a kick or a disconnect.
         */
        SessionTokenUnauthorized: {
            headers: {
                "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The whitelist is enforced and the verified wallet is not on it, or the
         *     wallet was kicked from this session.
         */
        JoinForbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The caller is not the session's host. */
        NotHost: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The session does not exist, was deleted or has expired. */
        SessionNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The session is gone, or `userId` is not a member of the caller's session. */
        KickTargetNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The session is full (its members equal `maxUsers`), or it has seen 10 × `maxUsers` different wallets and the caller's is a new one. */
        SessionFull: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is larger than the server accepts (1 MiB on the mock by default). */
        ContentTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body's `Content-Type` is neither `application/json` nor another `+json` type in UTF-8. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is valid JSON but breaks the schema; `errors` lists each offending field. */
        UnprocessableContent: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body breaks the schema, or the host tried to kick itself. */
        KickUnprocessable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The server holds as many live sessions or nonces as it allows; try again after `Retry-After` seconds.
         *     On the mock, `Retry-After` of a create is the seconds until its earliest live session expires.
         */
        ServiceUnavailable: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The caller sent more requests than the server allows in a while; try again after `Retry-After` seconds.
         *     On the mock (started with `--rate-limit N`): more than N requests in the current 60-second window of the
         *     caller's wallet or, without a valid wallet token, of its client address (docs/rules.md §20).
         */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description The authentication scheme the operation expects (RFC 9110 §11.6.1). */
        "WWW-Authenticate": string;
        /** @description Seconds to wait before trying again (RFC 9110 §10.2.3). */
        "Retry-After": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getWalletNonce: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A fresh message to sign. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletNonce"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    verifyWalletProof: {
        parameters: {
            query?: {
                /** @description The wallet's chain. Only Ethereum-style wallets are supported. */
                chain?: "Ethereum";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyWalletRequest"];
            };
        };
        responses: {
            /** @description The wallet is proven; here is its wallet token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletToken"];
                };
            };
            /**
             * @description The proof is refused: the body cannot be read or breaks the schema, the
             *     chain is unknown, the message is unknown, expired or already used, or
             *     the signature does not recover to `walletAddress`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CreateSessionRequest"];
            };
        };
        responses: {
            /** @description Success. The session exists and the caller is its host. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateSessionResponse"];
                };
            };
            400: components["responses"]["MalformedJson"];
            401: components["responses"]["CreateUnauthorized"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    joinSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinSessionRequest"];
            };
        };
        responses: {
            /** @description Success. The caller is a member of the session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinSessionResponse"];
                };
            };
            400: components["responses"]["MalformedJson"];
            401: components["responses"]["JoinUnauthorized"];
            403: components["responses"]["JoinForbidden"];
            404: components["responses"]["SessionNotFound"];
            409: components["responses"]["SessionFull"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getCurrentSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            401: components["responses"]["SessionTokenUnauthorized"];
            404: components["responses"]["SessionNotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteCurrentSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Session deleted successfully. No content. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["SessionTokenUnauthorized"];
            403: components["responses"]["NotHost"];
            404: components["responses"]["SessionNotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    kickUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["KickRequest"];
            };
        };
        responses: {
            /** @description Success. The member is out. No content. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedJson"];
            401: components["responses"]["SessionTokenUnauthorized"];
            403: components["responses"]["NotHost"];
            404: components["responses"]["KickTargetNotFound"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["KickUnprocessable"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    disconnectSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Ignored. The operation takes no input; a body sent anyway is neither read nor checked. */
        requestBody?: {
            content: {
                "*/*": unknown;
            };
        };
        responses: {
            /** @description Success. The caller has left the session. No content. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["SessionTokenUnauthorized"];
            404: components["responses"]["SessionNotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
}
