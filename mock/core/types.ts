/** The core's requests and answers: plain values, no sockets (docs/architecture.md). */

export interface CoreRequest {
  readonly method: string;
  /** The path of the request target, without its query (still %-encoded). */
  readonly path: string;
  readonly query: string | URLSearchParams;
  /** Lower-case names; a header sent more than once is joined with ", ". */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body's bytes, up to the body limit; undefined when none was sent. */
  readonly body: Uint8Array | undefined;
  /** The body passed the limit: its bytes past it were not kept (413). */
  readonly bodyTooLarge?: boolean;
  readonly remoteAddress?: string;
}

export interface CoreResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  /** A fault rule asked for the connection to be dropped without an answer. */
  drop?: true;
  /** An answer that goes on after its headers (Server-Sent Events): `body` is then undefined. */
  stream?: AnswerStream;
}

/** The rest of a streamed answer, sent in chunks until either side stops. */
export interface AnswerStream {
  /** Starts sending: `send` takes each chunk, `end` closes the answer. Answers how to stop it (the client left). */
  open(send: (chunk: string) => void, end: () => void): () => void;
}
