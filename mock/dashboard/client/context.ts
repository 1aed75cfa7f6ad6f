/** What every section of the page shares: the client, the virtual clock, and how to report an action. */
import { MockClient, ProblemError } from './mock-client.ts';

export interface ClockReading {
  /** Virtual Unix seconds when read. */
  now: number;
  offsetSeconds: number;
  frozen: boolean;
  /** Date.now() when read: the page counts on from there without asking again. */
  readAtMs: number;
}

export class Context {
  clock: ClockReading = { now: Math.floor(Date.now() / 1000), offsetSeconds: 0, frozen: false, readAtMs: Date.now() };

  constructor(
    readonly client: MockClient,
    private readonly message: HTMLElement,
    private readonly status: HTMLElement,
  ) {}

  /** The virtual time now (Unix seconds), counted on locally from the last reading. */
  virtualNow(): number {
    if (this.clock.frozen) return this.clock.now;
    return this.clock.now + (Date.now() - this.clock.readAtMs) / 1000;
  }

  say(text: string): void {
    this.message.textContent = '';
    this.status.dataset.note = text;
    this.status.textContent = `${this.status.dataset.state ?? ''}${text ? ` · ${text}` : ''}`;
  }

  setStreamState(state: string): void {
    this.status.dataset.state = state;
    this.status.textContent = `${state}${this.status.dataset.note ? ` · ${this.status.dataset.note}` : ''}`;
  }

  fail(error: unknown): void {
    const text =
      error instanceof ProblemError
        ? `${error.status} ${error.problem.title ?? ''}: ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
    this.message.textContent = text;
  }

  /** Runs an action the user asked for; says how it went. */
  async act(label: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      this.say(label);
    } catch (error) {
      this.fail(error);
    }
  }
}
