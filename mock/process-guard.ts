/**
 * The last line of defence of the running mock: an error that nothing else caught
 * (an uncaught exception, an unhandled rejection, or one a listener caught and
 * reported here) is logged with its stack and counted, and the mock keeps serving.
 * One bad client must never end the mock for everyone (docs/reliability.md).
 * The count is `unexpectedErrors` of `GET /__mock/health` (spec/mock-control.yaml),
 * so that the fuzzer fails on a guard hit instead of the guard hiding a bug.
 */

let count = 0;
let installed = false;

/** Errors recorded since the process started; 0 in a healthy mock. */
export function unexpectedErrorCount(): number {
  return count;
}

/** Logs an error that should not have happened, with its stack, and counts it. */
export function reportUnexpectedError(error: unknown, where: string): void {
  count++;
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : safeString(error);
  // Synchronous, unlike the request log: the line must not be lost if the process ends anyway.
  process.stderr.write(
    `[mock] unexpected error #${count} in ${where} (the mock keeps serving; please report it): ${text}\n`,
  );
}

/** Installs the process-wide handlers, once; mock/main.ts calls it before the port opens. */
export function installProcessGuard(): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (error) => reportUnexpectedError(error, 'an uncaught exception'));
  process.on('unhandledRejection', (reason) => reportUnexpectedError(reason, 'an unhandled rejection'));
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
