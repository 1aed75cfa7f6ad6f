/**
 * What every command of a connection goes through on its way to Redis (ioredis's `sendCommand`, the one method
 * each command and script call ends in):
 *
 * - Its write waits for the end of the turn of the event loop, so that the commands of every request handled in
 *   that turn leave in one `writev` instead of one write each: on this VM a write to the loopback cost more than
 *   a third of the process's time under load (scripts/bench/README.md, "Issue 15: Redis round trips").
 * - A failure that means Redis is out of reach becomes a StoreUnavailableError (unreachable.ts), which the
 *   pipeline answers with 503 and Retry-After. Done here, once per command, rather than around every call of
 *   every store: such a wrapper cost a sixth of the throughput through Redis.
 */
import type { Redis } from 'ioredis';
import { asUnavailable } from './unreachable.ts';

type Command = Parameters<Redis['sendCommand']>[0];
type Target = Parameters<Redis['sendCommand']>[1];

export function shapeCommandPath(redis: Redis): void {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command: Command, stream?: Target) => {
    const socket = redis.stream;
    if (socket && redis.status === 'ready' && socket.writableCorked === 0) {
      socket.cork();
      setImmediate(() => socket.uncork());
    }
    // Through the command's own way to fail: no extra promise per command.
    const reject = command.reject;
    command.reject = (error: Error) => reject(asUnavailable(error, redis) as Error);
    return send(command, stream);
  };
}
