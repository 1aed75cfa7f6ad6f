import { readdirSync, readFileSync } from 'node:fs';

/**
 * How much CPU other work on the machine took while a round ran: all busy CPU
 * time minus that of the benchmark itself and the servers it started. On a
 * shared 2-core machine this says whether a round's figures can be trusted.
 */
const ticksPerSecond = 100; // USER_HZ on Linux

function busyTicks(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal ...
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return user + nice + system + irq + softirq + steal;
  } catch {
    return Number.NaN;
  }
}

function groupTicks(groups: ReadonlySet<number>): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // state(0) ppid(1) pgrp(2) ... utime(11) stime(12)
      if (groups.has(Number(fields[2])) || Number(entry) === process.pid)
        total += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

export class ForeignCpuMeter {
  private startBusy = 0;
  private startOwn = 0;
  private startedAt = 0;

  /** `groups`: the process groups of the servers this benchmark started. */
  constructor(private readonly groups: () => ReadonlySet<number>) {}

  start(): void {
    this.startBusy = busyTicks();
    this.startOwn = groupTicks(this.groups());
    this.startedAt = performance.now();
  }

  /** Cores' worth of CPU used by everything else since start(), e.g. 0.8 = most of a core. */
  stop(): number {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const foreign = busyTicks() - this.startBusy - (groupTicks(this.groups()) - this.startOwn);
    return seconds > 0 ? Math.max(0, foreign / ticksPerSecond / seconds) : Number.NaN;
  }
}

/**
 * Waits, in one-second windows, until other work uses less than `threshold`
 * cores or `maxSeconds` pass; answers the seconds waited and the last reading.
 */
export async function waitForQuiet(
  groups: () => ReadonlySet<number>,
  maxSeconds: number,
  threshold = 0.25,
): Promise<{ waitedSeconds: number; foreignCores: number }> {
  const started = performance.now();
  let foreignCores = Number.NaN;
  while ((performance.now() - started) / 1000 < maxSeconds) {
    const meter = new ForeignCpuMeter(groups);
    meter.start();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    foreignCores = meter.stop();
    if (foreignCores < threshold) break;
  }
  return { waitedSeconds: (performance.now() - started) / 1000, foreignCores };
}
