/** The smaller sections: worlds, clock, fault rules, scenarios and snapshots. */
import type { Context } from './context.ts';
import { field, h, isoTime, show } from './dom.ts';

interface WorldSummary {
  name: string;
  liveSessions: number;
  requestsSeen: number;
  clockOffsetSeconds: number;
}

export class WorldsSection {
  private readonly table = h('tbody');

  constructor(
    private readonly context: Context,
    root: HTMLElement,
    private readonly open: (name: string) => void,
  ) {
    show(
      root,
      h('h2', {}, 'Worlds'),
      h(
        'table',
        {},
        h('caption', { className: 'visually-hidden' }, 'Worlds of this mock'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Name', 'Live sessions', 'Requests', 'Clock offset', 'Actions'].map((name) =>
              h('th', { scope: 'col' }, name),
            ),
          ),
        ),
        this.table,
      ),
      h(
        'button',
        { type: 'button', onclick: () => void this.context.act('Worlds read again.', () => this.load()) },
        'Refresh worlds',
      ),
    );
  }

  async load(): Promise<void> {
    const { namespaces } = await this.context.client.control<{ namespaces: WorldSummary[] }>('GET', '/namespaces');
    const current = this.context.client.namespace;
    show(
      this.table,
      ...namespaces.map((world) =>
        h(
          'tr',
          { 'data-namespace': world.name, 'aria-current': world.name === current ? 'true' : null },
          h('th', { scope: 'row' }, world.name),
          h('td', {}, world.liveSessions),
          h('td', {}, world.requestsSeen),
          h('td', {}, `${world.clockOffsetSeconds} s`),
          h(
            'td',
            {},
            world.name !== current &&
              h(
                'button',
                { type: 'button', 'aria-label': `Open world ${world.name}`, onclick: () => this.open(world.name) },
                'Open',
              ),
            h(
              'button',
              {
                type: 'button',
                className: 'danger',
                'aria-label': `Delete world ${world.name}`,
                onclick: () =>
                  void this.context.act(`World ${world.name} deleted.`, async () => {
                    await this.context.client.control('DELETE', `/namespaces/${encodeURIComponent(world.name)}`);
                    await this.load();
                  }),
              },
              'Delete',
            ),
          ),
        ),
      ),
    );
  }
}

export class ClockSection {
  private readonly reading = h('p', { className: 'clock-now' });

  constructor(
    private readonly context: Context,
    root: HTMLElement,
  ) {
    const advance = (seconds: number, label: string) =>
      h(
        'button',
        { type: 'button', onclick: () => void this.context.act(`Clock moved ${label}.`, () => this.advance(seconds)) },
        label,
      );
    show(
      root,
      h('h2', {}, 'Clock'),
      this.reading,
      h(
        'div',
        { className: 'buttons' },
        advance(60, '+1 min'),
        advance(3600, '+1 h'),
        h(
          'button',
          {
            type: 'button',
            onclick: () =>
              void this.context.act('Clock frozen or running again.', () =>
                this.context.client.control('POST', '/clock', { freeze: !this.context.clock.frozen }),
              ),
          },
          'Freeze / run',
        ),
        h(
          'button',
          {
            type: 'button',
            className: 'danger',
            onclick: () =>
              void this.context.act('World reset: clock at real time, everything else forgotten.', () =>
                this.context.client.control('POST', '/reset'),
              ),
          },
          'Reset world',
        ),
      ),
    );
  }

  async load(): Promise<void> {
    const clock = await this.context.client.control<{ now: number; offsetSeconds: number; frozen: boolean }>(
      'GET',
      '/clock',
    );
    this.context.clock = { ...clock, readAtMs: Date.now() };
    const frozen = clock.frozen ? ' · frozen' : '';
    this.reading.textContent = `${isoTime(clock.now)} · offset ${clock.offsetSeconds} s${frozen}`;
  }

  advance(seconds: number): Promise<unknown> {
    return this.context.client.control('POST', '/clock', { advanceSeconds: seconds });
  }

  /** Moves the clock to `unixSeconds` (forward only, as the control plane allows). */
  async moveTo(unixSeconds: number): Promise<void> {
    await this.load();
    await this.advance(Math.max(0, Math.ceil(unixSeconds - this.context.clock.now)));
  }
}

interface FaultRule {
  id: number;
  method?: string;
  path?: string;
  status?: number;
  latencyMs: number;
  reset: boolean;
  probability: number;
  remaining: number | null;
}

export class FaultsSection {
  private readonly table = h('tbody');

  constructor(
    private readonly context: Context,
    root: HTMLElement,
  ) {
    const method = h(
      'select',
      { name: 'method' },
      ...['any', 'GET', 'POST', 'PUT', 'DELETE'].map((m) => h('option', { value: m }, m)),
    );
    const path = h('input', { name: 'path', placeholder: '/v1/session/current' });
    const status = h('input', { name: 'status', type: 'number', min: 400, max: 599, placeholder: '503' });
    const latency = h('input', { name: 'latency', type: 'number', min: 0, max: 10000, value: 0 });
    const times = h('input', { name: 'times', type: 'number', min: 1, placeholder: 'unlimited' });
    const probability = h('input', { name: 'probability', type: 'number', min: 0, max: 1, step: 0.05, value: 1 });
    const form = h(
      'form',
      { className: 'fault-form', 'aria-labelledby': 'fault-form-title' },
      h('h3', { id: 'fault-form-title' }, 'Add a fault rule'),
      field('Method', method),
      field('Path', path),
      field('Status', status),
      field('Latency (ms)', latency),
      field('Times', times),
      field('Probability', probability),
      h('button', { type: 'submit' }, 'Add fault'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const rule = {
        ...(method.value === 'any' ? {} : { method: method.value }),
        ...(path.value ? { path: path.value } : {}),
        ...(status.value ? { status: Number(status.value) } : {}),
        latencyMs: Number(latency.value || 0),
        ...(times.value ? { times: Number(times.value) } : {}),
        probability: Number(probability.value || 1),
      };
      void this.context.act('Fault rule added.', () => this.context.client.control('POST', '/faults', rule));
    });
    show(
      root,
      h('h2', {}, 'Faults'),
      h(
        'table',
        {},
        h('caption', { className: 'visually-hidden' }, 'Fault rules, in the order they are tried'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Id', 'Method', 'Path', 'Status', 'Latency', 'Left', 'Chance', ''].map((name) =>
              h('th', { scope: 'col' }, name),
            ),
          ),
        ),
        this.table,
      ),
      form,
    );
  }

  async load(): Promise<void> {
    const { faults } = await this.context.client.control<{ faults: FaultRule[] }>('GET', '/faults');
    if (faults.length === 0) {
      show(this.table, h('tr', {}, h('td', { colspan: 8 }, 'No fault rules.')));
      return;
    }
    show(
      this.table,
      ...faults.map((rule) =>
        h(
          'tr',
          { 'data-fault-id': rule.id },
          h('td', {}, rule.id),
          h('td', {}, rule.method ?? 'any'),
          h('td', {}, rule.path ?? 'any'),
          h('td', {}, rule.reset ? 'reset' : (rule.status ?? '—')),
          h('td', {}, `${rule.latencyMs} ms`),
          h('td', {}, rule.remaining ?? '∞'),
          h('td', {}, rule.probability),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                'aria-label': `Remove fault rule ${rule.id}`,
                onclick: () =>
                  void this.context.act('Fault rule removed.', () =>
                    this.context.client.control('DELETE', `/faults/${rule.id}`),
                  ),
              },
              'Remove',
            ),
          ),
        ),
      ),
    );
  }
}

export class ScenariosSection {
  private readonly choice = h('select', { name: 'scenario' });
  private readonly loaded = h('p', { className: 'scenario-loaded' });
  private readonly file = h('input', { type: 'file', accept: 'application/json,.json', name: 'snapshot' });

  constructor(
    private readonly context: Context,
    root: HTMLElement,
  ) {
    const client = context.client;
    show(
      root,
      h('h2', {}, 'Scenarios and snapshots'),
      this.loaded,
      h(
        'div',
        { className: 'field-row' },
        field('Scenario', this.choice),
        h(
          'button',
          {
            type: 'button',
            onclick: () =>
              void context.act(`Scenario ${this.choice.value} loaded.`, () =>
                client.control('POST', '/scenario', { name: this.choice.value }),
              ),
          },
          'Load scenario',
        ),
      ),
      h(
        'div',
        { className: 'field-row' },
        h(
          'button',
          { type: 'button', onclick: () => void context.act('Snapshot downloaded.', () => this.download()) },
          'Download snapshot',
        ),
        field('Snapshot file', this.file),
        h(
          'button',
          { type: 'button', onclick: () => void context.act('Snapshot restored.', () => this.restore()) },
          'Restore snapshot',
        ),
      ),
    );
  }

  async load(): Promise<void> {
    const catalogue = await this.context.client.control<{ scenarios: { name: string; description?: string }[] }>(
      'GET',
      '/scenarios',
    );
    const selected = this.choice.value;
    show(
      this.choice,
      ...catalogue.scenarios.map((s) => h('option', { value: s.name, title: s.description ?? null }, s.name)),
    );
    if (selected) this.choice.value = selected;
    // The snapshot names the loaded scenario without a 404 when there is none.
    const snapshot = await this.context.client.control<{ scenario: { name: string; loadedAt: number } | null }>(
      'GET',
      '/snapshot',
    );
    this.loaded.textContent = snapshot.scenario
      ? `Loaded: ${snapshot.scenario.name} (at ${isoTime(snapshot.scenario.loadedAt)})`
      : 'No scenario loaded.';
  }

  private async download(): Promise<void> {
    const snapshot = await this.context.client.control('GET', '/snapshot');
    const url = URL.createObjectURL(new Blob([JSON.stringify(snapshot, null, 2)], { type: 'application/json' }));
    const link = h('a', { href: url, download: `snapshot-${this.context.client.namespace}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  private async restore(): Promise<void> {
    const file = this.file.files?.[0];
    if (!file) throw new Error('Choose a snapshot file first (one that "Download snapshot" saved).');
    let snapshot: unknown;
    try {
      snapshot = JSON.parse(await file.text());
    } catch {
      throw new Error(`${file.name} is not JSON; choose a file that "Download snapshot" saved.`);
    }
    await this.context.client.control('PUT', '/snapshot', snapshot);
  }
}
