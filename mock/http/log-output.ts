/**
 * Where the mock's log lines go: stdout, as JSON lines or (on a terminal, or with
 * --log-format pretty) as one short readable line each. Either way lines are kept
 * and written asynchronously in batches (of 16 KiB or every 100 ms): a synchronous
 * write per request cost a sixth of the mock's throughput, an asynchronous write per
 * few lines still a tenth, and sonic-boom's own batching (pino's destination)
 * measures its whole pending text at every line, a tenth again (scripts/bench/README.md).
 * Pretty lines are formatted when a batch goes out, not while the request is answered.
 */
import { pino } from 'pino';
import type { LogFormat, LogLevel } from '../config.ts';

/** The longest a log line waits before it is written. */
const logFlushMs = 100;
const batchBytes = 16 * 1024;

interface Target {
  write(text: string): unknown;
  flushSync?(): void;
}

const levelNames: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
// ANSI colours of the level names: grey, grey, green, yellow, red, red.
const levelColours: Record<number, string> = { 10: '90', 20: '90', 30: '32', 40: '33', 50: '31', 60: '31' };
const shownElsewhere = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'err']);

const two = (n: number) => String(n).padStart(2, '0');

/** One pino JSON line as `HH:MM:SS.mmm LEVEL message key=value`, an error's stack indented below; other text as is. */
export function formatLogLine(line: string, colour = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const time = new Date(typeof entry.time === 'number' ? entry.time : Date.now());
  const milliseconds = String(time.getMilliseconds()).padStart(3, '0');
  const clock = `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}.${milliseconds}`;
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const name = (levelNames[level] ?? String(level)).padEnd(5);
  const shownLevel = colour ? `\u001b[${levelColours[level] ?? '0'}m${name}\u001b[0m` : name;
  const extras = Object.entries(entry)
    .filter(([key]) => !shownElsewhere.has(key))
    .map(([key, value]) => ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('');
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n    ${(err.stack ?? err.message ?? JSON.stringify(err)).replace(/\n/g, '\n    ')}` : '';
  const message = entry.msg == null ? '' : typeof entry.msg === 'string' ? entry.msg : JSON.stringify(entry.msg);
  return `${clock} ${shownLevel} ${message}${extras}${stack}\n`;
}

/** Keeps the lines as they come and hands them on a batch at a time, each formatted by `format` if given. */
export class BatchedLines {
  private pending: string[] = [];
  private pendingBytes = 0;
  private stopped = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly target: Target,
    private readonly format?: (line: string) => string,
    flushMs = logFlushMs,
  ) {
    this.timer = setInterval(() => this.flush(), flushMs).unref();
  }

  write(line: string): void {
    // After stop() (the app closed) a late line goes straight on: no timer would take it.
    if (this.stopped) return void this.target.write(this.format ? this.format(line) : line);
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= batchBytes) this.flush();
  }

  /** Formats and hands over what is pending. */
  flush(): void {
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const format = this.format;
    this.target.write((format ? lines.map(format) : lines).join(''));
  }

  /** At exit: everything pending goes out now. */
  flushSync(): void {
    this.flush();
    this.target.flushSync?.();
  }

  stop(): void {
    this.flush();
    this.stopped = true;
    clearInterval(this.timer);
  }
}

/** The levels at which a request's line (level info) is written. */
const requestLineLevels: ReadonlySet<LogLevel> = new Set(['info', 'debug', 'trace']);

/**
 * One line a request, as pino writes an info line (`{"level":30,"time":...,"msg":...}`), straight
 * into the batched destination: the mock logs nothing else per request, and pino's own call cost
 * several microseconds a request (scripts/bench/README.md). Undefined when the level hides them.
 */
export function createRequestLog(
  destination: LogDestination,
  level: LogLevel,
): ((message: string) => void) | undefined {
  if (!requestLineLevels.has(level)) return undefined;
  const stream = destination.stream;
  return (message) => stream.write(`{"level":30,"time":${Date.now()},"msg":${JSON.stringify(message)}}\n`);
}

/** Pretty on a terminal (`auto`) or when asked; JSON lines otherwise. */
export function usesPrettyLogs(format: LogFormat, stdoutIsTty: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTty);
}

export interface LogDestination {
  readonly stream: pino.DestinationStream;
  /** Writes what is pending and stops the batch timer (the app's onClose). */
  close(): void;
}

/** The stream pino writes to: stdout, batched here (sonic-boom writes each batch as it comes); pretty if asked. */
export function createLogDestination(format: LogFormat, stdoutIsTty = process.stdout.isTTY === true): LogDestination {
  const stdout = pino.destination({ dest: 1, sync: false });
  const colour = stdoutIsTty && process.env.NO_COLOR === undefined;
  const lines = new BatchedLines(
    stdout,
    usesPrettyLogs(format, stdoutIsTty) ? (line) => formatLogLine(line, colour) : undefined,
  );
  // pino flushes stdout itself at exit, but the lines still pending here must go first.
  const atExit = () => lines.flushSync();
  process.once('exit', atExit);
  return {
    stream: lines,
    close: () => {
      process.off('exit', atExit);
      lines.stop();
    },
  };
}
