/** Fault rules of the control plane: simulated outages, latency and dropped connections. */
import type { MockControlComponents } from '../../spec/index.ts';

type FaultRuleRequest = MockControlComponents['schemas']['FaultRuleRequest'];
export type FaultRule = MockControlComponents['schemas']['FaultRule'];

export class FaultRules {
  private rules: FaultRule[] = [];
  private nextId = 1;

  constructor(private readonly chance: () => number = Math.random) {}

  add(request: FaultRuleRequest): FaultRule {
    const rule: FaultRule = {
      id: this.nextId++,
      ...(request.method === undefined ? {} : { method: request.method.toUpperCase() }),
      ...(request.path === undefined ? {} : { path: request.path }),
      ...(request.status === undefined ? {} : { status: request.status }),
      latencyMs: request.latencyMs ?? 0,
      reset: request.reset ?? false,
      probability: request.probability ?? 1,
      remaining: request.times ?? null,
    };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** The first rule that matches and fires (using one of its remaining firings), if any. */
  fire(method: string, path: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.path !== undefined && rule.path !== path) continue;
      if (rule.probability < 1 && this.chance() >= rule.probability) continue;
      if (rule.remaining != null) {
        rule.remaining--;
        if (rule.remaining <= 0) this.rules = this.rules.filter((other) => other !== rule);
      }
      return rule;
    }
    return undefined;
  }
}
