/**
 * Answers written during one turn of the event loop leave together, when the turn has served every connection
 * that was ready: each socket is corked at its first write of the turn and uncorked in `setImmediate`.
 * A write to a client that waits for it wakes that client; on a VM, waking a process on another CPU is dear
 * (an interrupt between CPUs), and one write per answer spent more CPU in the kernel than the mock spent on
 * the request. Sent a turn at a time, a client is woken once for many answers (scripts/bench/README.md,
 * "Answers sent a turn at a time"). The Redis connection does the same for commands (mock/world/redis/command-path.ts).
 */

/** What this needs of a socket. */
export interface Corkable {
  readonly writableCorked: number;
  cork(): void;
  uncork(): void;
}

const corked: Corkable[] = [];

/** Call before writing an answer: what is written to `socket` in this turn goes out when the turn ends. */
export function sendAtTurnEnd(socket: Corkable): void {
  if (socket.writableCorked > 0) return;
  if (corked.length === 0) setImmediate(uncorkAll);
  socket.cork();
  corked.push(socket);
}

function uncorkAll(): void {
  for (const socket of corked) socket.uncork();
  corked.length = 0;
}
