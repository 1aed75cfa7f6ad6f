/**
 * The process module must end what it starts: the whole process group (a
 * grandchild too), a process that ignores SIGTERM, a process that never gets
 * ready, and every group when the parent itself exits mid-test.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, onTestFinished, test } from 'vitest';
import { freePort, startProcess, type StartOptions } from './processes.ts';

/**
 * A server that forks a grandchild and prints its pid; on SIGTERM it exits alone,
 * leaving the grandchild to the group kill.
 */
const forkingServer = `
const { spawn } = require('node:child_process');
const http = require('node:http');
const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
const server = http.createServer((request, response) => response.end('ok'));
const banner = (port) => 'grandchild ' + grandchild.pid + ' listening on http://127.0.0.1:' + port;
server.listen(0, '127.0.0.1', () => console.log(banner(server.address().port)));
process.on('SIGTERM', () => process.exit(0));
`;

const node = (name: string, code: string, extra: Partial<StartOptions> = {}): StartOptions => ({
  name,
  command: process.execPath,
  args: ['-e', code],
  url: /listening on (http:\/\/\S+)/,
  timeoutMs: 20_000,
  ...extra,
});

/** True while `pid` runs; a zombie (ended, not yet reaped) counts as gone. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const grandchildOf = (output: string): number => Number(/grandchild (\d+)/.exec(output)?.[1]);

describe('startProcess and stop', () => {
  test('stop() ends the process and the grandchild it forked', async () => {
    const server = await startProcess(node('a forking server', forkingServer));
    onTestFinished(() => server.stop());
    const grandchild = grandchildOf(server.output());
    expect(running(server.pid)).toBe(true);
    expect(running(grandchild)).toBe(true);
    expect(await (await fetch(server.origin)).text()).toBe('ok');

    await server.stop();
    expect(server.alive()).toBe(false);
    await expect.poll(() => running(grandchild), { timeout: 10_000 }).toBe(false);
  });

  test('a process that ignores SIGTERM is killed after the grace period', async () => {
    const ignoring = "process.on('SIGTERM', () => console.log('ignoring SIGTERM'));";
    const stubborn = forkingServer.replace("process.on('SIGTERM', () => process.exit(0));", ignoring);
    const server = await startProcess(node('a stubborn server', stubborn, { graceMs: 300 }));
    onTestFinished(() => server.stop());
    await server.stop();
    expect(server.exitNote()).toBe('signal SIGKILL');
    expect(server.output()).toContain('ignoring SIGTERM');
  });

  test('a process that never answers fails in time, quoting its output, and leaves nothing behind', async () => {
    const port = await freePort();
    const printsOnly = forkingServer.replace(/server\.listen.*\n/, `console.log(banner(${port}));\n`);
    const silent = `${printsOnly}\nconsole.log('still warming up');`;
    const options = node('a server that never listens', silent, { url: `http://127.0.0.1:${port}/`, timeoutMs: 1500 });
    const failure = await startProcess(options).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/^Failed to start a server that never listens /);
    expect((failure as Error).message).toMatch(/did not answer within 1500 ms/);
    expect((failure as Error).message).toContain('still warming up');
    const grandchild = grandchildOf((failure as Error).message);
    expect(grandchild).toBeGreaterThan(0);
    await expect.poll(() => running(grandchild), { timeout: 10_000 }).toBe(false);
  });

  test('a process that exits before it is ready fails with how it ended and what it printed', async () => {
    const broken = node('a broken server', "console.error('--port must be a whole number'); process.exit(2);");
    const failure = await startProcess(broken).catch((error: Error) => error);
    expect((failure as Error).message).toMatch(/Failed to start a broken server .*ended \(code 2\)/s);
    expect((failure as Error).message).toContain('--port must be a whole number');
  });
});

describe('when the parent exits without stopping its children (a failed test, a crash)', () => {
  test('every process group it started is killed', async () => {
    const processes = fileURLToPath(new URL('./processes.ts', import.meta.url));
    const parentCode = `
import { startProcess } from ${JSON.stringify(processes)};
const server = await startProcess({
  name: 'a forking server',
  command: process.execPath,
  args: ['-e', ${JSON.stringify(forkingServer)}],
  url: /listening on (http:\\/\\/\\S+)/,
});
console.log('started ' + server.pid + ' ' + server.output());
throw new Error('the test failed');
`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', parentCode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    parent.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    parent.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => parent.once('close', resolve));
    expect(code, output).not.toBe(0);
    expect(output).toContain('the test failed');
    const leader = Number(/started (\d+)/.exec(output)?.[1]);
    const grandchild = grandchildOf(output);
    expect(leader, output).toBeGreaterThan(0);
    expect(grandchild, output).toBeGreaterThan(0);
    onTestFinished(() => {
      for (const pid of [leader, grandchild]) if (running(pid)) process.kill(pid, 'SIGKILL');
    });
    await expect.poll(() => running(leader), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => running(grandchild), { timeout: 10_000 }).toBe(false);
  });
});
