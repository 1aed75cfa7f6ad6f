import { describe, expect, test } from 'vitest';
import { BatchedLines, formatLogLine, usesPrettyLogs } from './log-output.ts';

const at = new Date(2026, 10, 25, 9, 5, 7, 42).getTime();
const line = (fields: Record<string, unknown>) => `${JSON.stringify({ level: 30, time: at, ...fields })}\n`;

describe('formatLogLine', () => {
  test('a request line is one short line: local time, level, message', () => {
    expect(formatLogLine(line({ msg: 'GET /v1/session/current 401 0.42ms' }))).toBe(
      '09:05:07.042 INFO  GET /v1/session/current 401 0.42ms\n',
    );
  });

  test('other fields follow as key=value, and an error shows its stack indented below', () => {
    const text = formatLogLine(
      line({
        level: 50,
        msg: 'unexpected error',
        reqId: 'r1',
        err: { message: 'boom', stack: 'Error: boom\n    at x' },
      }),
    );
    expect(text).toBe('09:05:07.042 ERROR unexpected error reqId=r1\n    Error: boom\n        at x\n');
  });

  test('colours the level name only when asked', () => {
    expect(formatLogLine(line({ level: 40, msg: 'careful' }), true)).toContain('\u001b[33mWARN \u001b[0m careful');
  });

  test('text that is no JSON passes as it is', () => {
    expect(formatLogLine('plain words')).toBe('plain words\n');
  });
});

describe('BatchedLines', () => {
  const prettyLine = (text: string) => formatLogLine(text, false);

  test('keeps lines until a batch goes out, then writes them formatted in one write', async () => {
    const written: string[] = [];
    const pretty = new BatchedLines({ write: (text: string) => written.push(text) }, prettyLine, 20);
    pretty.write(line({ msg: 'first' }));
    pretty.write(line({ msg: 'second' }));
    // Nothing is written while the request is answered.
    expect(written).toEqual([]);
    await expect.poll(() => written).toEqual(['09:05:07.042 INFO  first\n09:05:07.042 INFO  second\n']);
    pretty.stop();
  });

  test('writes at once when 16 KiB are pending, and everything on flushSync', () => {
    const written: string[] = [];
    const flushed: boolean[] = [];
    const pretty = new BatchedLines(
      { write: (text: string) => written.push(text), flushSync: () => flushed.push(true) },
      prettyLine,
      60_000,
    );
    for (let i = 0; i < 160; i++) pretty.write(line({ msg: `request ${i} ${'x'.repeat(60)}` }));
    expect(written).toHaveLength(1);
    pretty.write(line({ msg: 'last' }));
    pretty.flushSync();
    expect(written.at(-1)).toContain('INFO  last');
    expect(flushed).toEqual([true]);
    pretty.stop();
  });

  test('without a format, lines go on as they came, in one write', () => {
    const written: string[] = [];
    const lines = new BatchedLines({ write: (text: string) => written.push(text) }, undefined, 60_000);
    lines.write(line({ msg: 'first' }));
    lines.write(line({ msg: 'second' }));
    expect(written).toEqual([]);
    lines.flush();
    expect(written).toEqual([`${line({ msg: 'first' })}${line({ msg: 'second' })}`]);
    lines.stop();
  });

  test('after stop a late line is written straight away', () => {
    const written: string[] = [];
    const pretty = new BatchedLines({ write: (text: string) => written.push(text) }, prettyLine, 60_000);
    pretty.stop();
    pretty.write(line({ msg: 'late' }));
    expect(written).toEqual(['09:05:07.042 INFO  late\n']);
  });
});

test.for([
  ['auto', true, true],
  ['auto', false, false],
  ['pretty', false, true],
  ['json', true, false],
] as const)('--log-format %s with a terminal: %s is pretty: %s', ([format, tty, pretty]) => {
  expect(usesPrettyLogs(format, tty)).toBe(pretty);
});
