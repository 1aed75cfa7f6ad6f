import { readFileSync } from 'node:fs';

export interface MemoryReading {
  /** Resident set size now, bytes (VmRSS). */
  rss: number;
  /** Peak resident set size since the process started, bytes (VmHWM). */
  peakRss: number;
}

/** Reads /proc/<pid>/status; undefined once the process is gone (or off Linux). */
export function readMemory(pid: number): MemoryReading | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : Number.NaN;
  };
  return { rss: kib('VmRSS'), peakRss: kib('VmHWM') };
}

/**
 * Samples a process's RSS while a load runs, because VmHWM alone cannot say
 * whether memory grows across rounds or only spiked once.
 */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private maxRss = 0;

  constructor(private readonly pid: number, private readonly intervalMs = 250) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops sampling and answers the highest RSS seen and the process's VmHWM. */
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
