import { readdirSync, readFileSync } from 'node:fs';

export interface MemoryReading {
  /** Resident set size now, bytes (VmRSS), summed over the process group. */
  rss: number;
  /** Peak resident set size (VmHWM), summed over the process group's members. */
  peakRss: number;
  /** How many processes the group holds (Prism forks a worker). */
  processes: number;
}

function processGroupOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state ppid pgrp ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[2]);
  } catch {
    return undefined;
  }
}

function statusOf(pid: number | string): { rss: number; peakRss: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  };
  return { rss: kib('VmRSS'), peakRss: kib('VmHWM') };
}

/**
 * Reads /proc for a server started as the leader of its own process group
 * (spawned detached), adding up every member: a server that forks (Prism) is
 * measured whole. Undefined once the leader is gone (or off Linux).
 */
export function readMemory(leader: number): MemoryReading | undefined {
  const own = statusOf(leader);
  if (!own) return undefined;
  const reading: MemoryReading = { rss: own.rss, peakRss: own.peakRss, processes: 1 };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === leader || processGroupOf(entry) !== leader) continue;
    const member = statusOf(entry);
    if (!member) continue;
    reading.rss += member.rss;
    reading.peakRss += member.peakRss;
    reading.processes += 1;
  }
  return reading;
}

/**
 * Samples a server's RSS while a load runs, because VmHWM alone cannot say
 * whether memory grows across rounds or only spiked once.
 */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private maxRss = 0;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops sampling and answers the highest RSS seen, the last one, and the summed VmHWM. */
  stop(): { maxRss: number; peakRss: number; rss: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const last = this.sample();
    return { maxRss: this.maxRss, peakRss: last?.peakRss ?? Number.NaN, rss: last?.rss ?? Number.NaN };
  }

  private sample(): MemoryReading | undefined {
    const reading = readMemory(this.pid);
    if (reading && reading.rss > this.maxRss) this.maxRss = reading.rss;
    return reading;
  }
}
