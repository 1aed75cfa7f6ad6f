/**
 * The dashboard at /__mock/ui: one page per world (`?namespace=`), kept current
 * by the world's event stream, steering it through the control plane and the
 * real API (spec/mock-control.yaml, "Dashboard").
 */
import { Context } from './context.ts';
import { h } from './dom.ts';
import { followWorld } from './event-stream.ts';
import { JournalSection, type JournalEntry } from './journal.ts';
import { MockClient } from './mock-client.ts';
import { ClockSection, FaultsSection, ScenariosSection, WorldsSection } from './panels.ts';
import { SessionsSection } from './sessions.ts';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function start(): void {
  const namespace = new URLSearchParams(location.search).get('namespace') ?? 'default';
  const client = new MockClient(namespace);
  const context = new Context(client, byId('message'), byId('live'));
  const namespaceInput = byId<HTMLInputElement>('namespace');
  namespaceInput.value = namespace;
  document.title = `${namespace} · Session API mock dashboard`;

  const region = (id: string, className: string) => h('section', { id, className, 'aria-labelledby': `${id}-title` });
  const areas = {
    sessions: region('sessions', 'area-sessions'),
    worlds: region('worlds', 'area-worlds'),
    clock: region('clock', 'area-clock'),
    faults: region('faults', 'area-faults'),
    scenarios: region('scenarios', 'area-scenarios'),
    journal: region('journal', 'area-journal'),
  };
  byId('app').replaceChildren(...Object.values(areas));

  const openWorld = (name: string) => {
    location.search = `?namespace=${encodeURIComponent(name)}`;
  };
  const clock = new ClockSection(context, areas.clock);
  const sessions = new SessionsSection(context, areas.sessions, (at) => clock.moveTo(at));
  const worlds = new WorldsSection(context, areas.worlds, openWorld);
  const faults = new FaultsSection(context, areas.faults);
  const scenarios = new ScenariosSection(context, areas.scenarios);
  const journal = new JournalSection(context, areas.journal);
  // Each section's heading names its region.
  for (const [id, area] of Object.entries(areas)) area.querySelector('h2')?.setAttribute('id', `${id}-title`);

  const quietly = (load: () => Promise<void>) => () => void load().catch((error: unknown) => context.fail(error));
  const loadAll = async () => {
    await clock.load();
    await Promise.all([sessions.load(), worlds.load(), faults.load(), scenarios.load(), journal.load()]);
  };

  byId<HTMLFormElement>('namespace-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (namespaceInput.value !== namespace) openWorld(namespaceInput.value);
  });
  let stop: (() => void) | undefined;
  const follow = () => {
    stop?.();
    stop = followWorld(
      client,
      {
        ready: quietly(loadAll),
        session: quietly(async () => {
          await Promise.all([sessions.load(), worlds.load()]);
        }),
        journal: (entry: JournalEntry) => journal.add(entry),
        clock: quietly(async () => {
          await clock.load();
          await sessions.load();
        }),
        faults: quietly(() => faults.load()),
        scenario: quietly(async () => {
          await Promise.all([scenarios.load(), sessions.load(), clock.load()]);
        }),
        reset: quietly(async () => {
          sessions.forget();
          journal.forget();
          await loadAll();
        }),
      },
      (state) => context.setStreamState(state === 'live' ? `Live: ${namespace}` : 'Reconnecting…'),
    );
  };

  // The token is asked for once, when the control plane first wants it.
  const tokenForm = byId<HTMLFormElement>('token-form');
  client.onTokenNeeded = () => {
    tokenForm.hidden = false;
    byId<HTMLInputElement>('control-token').focus();
  };
  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    client.useToken(byId<HTMLInputElement>('control-token').value);
    tokenForm.hidden = true;
    context.say('');
    follow();
  });
  follow();
}

start();
