/**
 * Sessions, live: every session of the world with its rules, expiry and time
 * left on the virtual clock, its members with role and state, and the actions
 * of its members through the real API (the page asks the control plane for a
 * member's token: POST /__mock/sessions/{id}/members/{userId}/token).
 */
import type { Context } from './context.ts';
import { duration, field, h, isoTime, show } from './dom.ts';

export interface MockMember {
  id: string;
  role: 'host' | 'guest';
  name: string;
  address: string;
  wallet: string;
  state: 'active' | 'left' | 'kicked';
}

export interface MockSession {
  id: string;
  creatorId: string;
  createdAt: number;
  expiry: number;
  maxUsers: number;
  passwordProtected: boolean;
  allowOnlyWhitelistedAddresses: boolean;
  whiteListAddresses: string[];
  members: MockMember[];
}

interface Ended {
  session: MockSession;
  why: 'expired' | 'deleted';
}

export class SessionsSection {
  private sessions: MockSession[] = [];
  /** Sessions seen before that are no longer live, so the page can say what became of them. */
  private ended = new Map<string, Ended>();
  private readonly list = h('div', { className: 'sessions', 'aria-live': 'polite' });
  private readonly endedList = h('ul', { className: 'ended' });
  private readonly tokenOut = h('output', { id: 'token-output', className: 'token-output' });

  constructor(
    private readonly context: Context,
    root: HTMLElement,
    private readonly moveClockTo: (unixSeconds: number) => Promise<void>,
  ) {
    show(
      root,
      h('h2', { id: 'sessions-title' }, 'Sessions'),
      this.createForm(),
      h('div', { className: 'field-row' }, h('span', { id: 'token-label' }, 'Last token: '), this.tokenOut),
      this.list,
      h('h3', {}, 'Ended sessions'),
      this.endedList,
    );
    this.tokenOut.setAttribute('aria-labelledby', 'token-label');
    setInterval(() => this.tickTimeLeft(), 1000);
  }

  /** Reads the live sessions again; those that vanished are listed as expired or deleted. */
  async load(): Promise<void> {
    const { sessions } = await this.context.client.control<{ sessions: MockSession[] }>('GET', '/sessions');
    const now = this.context.virtualNow();
    for (const before of this.sessions) {
      if (!sessions.some((session) => session.id === before.id) && !this.ended.has(before.id))
        this.ended.set(before.id, { session: before, why: before.expiry <= now + 1 ? 'expired' : 'deleted' });
    }
    this.sessions = sessions;
    this.render();
  }

  /** After a reset or a change of world, nothing of the old one is shown. */
  forget(): void {
    this.sessions = [];
    this.ended.clear();
    this.render();
  }

  markDeleted(sessionId: string): void {
    const session = this.sessions.find((candidate) => candidate.id === sessionId);
    if (session) this.ended.set(sessionId, { session, why: 'deleted' });
  }

  private createForm(): HTMLElement {
    const name = h('input', { name: 'name', value: 'Host', maxlength: 64 });
    const capacity = h('input', { name: 'capacity', type: 'number', min: 1, max: 1000, value: 10 });
    const minutes = h('input', { name: 'minutes', type: 'number', min: 1, max: 10080, value: 60 });
    const password = h('input', { name: 'password', type: 'text', autocomplete: 'off' });
    const apiKey = h('input', { name: 'apiKey', value: 'mock-api-key', autocomplete: 'off' });
    const form = h(
      'form',
      { className: 'create', 'aria-labelledby': 'create-title' },
      h('h3', { id: 'create-title' }, 'Create a session'),
      field('Host name', name),
      field('Capacity', capacity),
      field('Expires in (minutes)', minutes),
      field('Password (optional)', password),
      field('API key', apiKey),
      h('button', { type: 'submit' }, 'Create session'),
      h('button', { type: 'button', onclick: () => void this.mintWallet() }, 'Mint wallet token'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.context.act('Session created.', async () => {
        const wallet = await this.walletToken();
        const created = await this.context.client.api<{ sessionId: string }>('POST', '/session', {
          bearer: wallet,
          apiKey: apiKey.value,
          body: {
            identity: { name: name.value },
            rules: {
              userCapacity: Number(capacity.value),
              expiryDurationInSeconds: Number(minutes.value) * 60,
              ...(password.value ? { password: password.value } : {}),
            },
          },
        });
        this.showToken(created.sessionId, 'session id');
      });
    });
    return form;
  }

  private async walletToken(): Promise<string> {
    return (await this.context.client.control<{ token: string }>('POST', '/wallet-token', {})).token;
  }

  private mintWallet(): Promise<void> {
    return this.context.act('Wallet token minted.', async () =>
      this.showToken(await this.walletToken(), 'wallet token'),
    );
  }

  /** Shows a token and copies it; the output keeps it where the clipboard is not allowed. */
  private showToken(token: string, what: string): void {
    this.tokenOut.textContent = token;
    this.tokenOut.dataset.kind = what;
    navigator.clipboard?.writeText(token).then(
      () => this.context.say(`Copied the ${what}.`),
      () => this.context.say(`The ${what} is shown under "Last token".`),
    );
  }

  private async memberToken(session: MockSession, member: MockMember): Promise<string> {
    const path = `/sessions/${encodeURIComponent(session.id)}/members/${encodeURIComponent(member.id)}/token`;
    return (await this.context.client.control<{ token: string }>('POST', path)).token;
  }

  private host(session: MockSession): MockMember | undefined {
    return session.members.find((member) => member.role === 'host' && member.state === 'active');
  }

  private render(): void {
    if (this.sessions.length === 0) show(this.list, h('p', { className: 'empty' }, 'No live sessions.'));
    else show(this.list, ...this.sessions.map((session) => this.card(session)));
    show(
      this.endedList,
      ...[...this.ended.values()].map(({ session, why }) =>
        h('li', { 'data-session-id': session.id, 'data-ended': why }, `${session.id}: ${why}`),
      ),
    );
  }

  private card(session: MockSession): HTMLElement {
    const client = this.context.client;
    const titleId = `session-${session.id}`;
    const password = h('input', { type: 'text', autocomplete: 'off', name: 'join-password' });
    const act = (label: string, action: () => Promise<unknown>) => () => void this.context.act(label, action);
    const host = this.host(session);
    const rows = session.members.map((member) => {
      const who = `${member.name} (${member.role})`;
      const active = member.state === 'active';
      return h(
        'tr',
        { 'data-user-id': member.id, 'data-state': member.state },
        h('th', { scope: 'row' }, member.name),
        h('td', {}, member.role),
        h('td', { className: `state-${member.state}` }, member.state),
        h('td', { className: 'address' }, member.address),
        h(
          'td',
          { className: 'actions' },
          active &&
            h(
              'button',
              {
                type: 'button',
                'aria-label': `Copy token of ${who}`,
                onclick: act('Token copied.', async () =>
                  this.showToken(await this.memberToken(session, member), `token of ${member.name}`),
                ),
              },
              'Copy token',
            ),
          active &&
            host !== undefined &&
            member.role !== 'host' &&
            h(
              'button',
              {
                type: 'button',
                'aria-label': `Kick ${who}`,
                onclick: act(`Kicked ${member.name}.`, async () =>
                  client.api('POST', '/session/current/kick', {
                    bearer: await this.memberToken(session, host),
                    body: { userId: member.id },
                  }),
                ),
              },
              'Kick',
            ),
          active &&
            h(
              'button',
              {
                type: 'button',
                'aria-label': `Disconnect ${who}`,
                onclick: act(`${member.name} disconnected.`, async () =>
                  client.api('POST', '/session/disconnect', { bearer: await this.memberToken(session, member) }),
                ),
              },
              'Disconnect',
            ),
        ),
      );
    });
    return h(
      'article',
      { className: 'session', 'data-session-id': session.id, 'aria-labelledby': titleId },
      h('h3', { id: titleId }, 'Session ', h('code', {}, session.id)),
      h(
        'dl',
        { className: 'rules' },
        h('dt', {}, 'Capacity'),
        h('dd', {}, `${session.members.filter((m) => m.state === 'active').length} / ${session.maxUsers}`),
        h('dt', {}, 'Password'),
        h('dd', {}, session.passwordProtected ? 'yes' : 'no'),
        h('dt', {}, 'Allow list'),
        h('dd', {}, session.allowOnlyWhitelistedAddresses ? `${session.whiteListAddresses.length} addresses` : 'off'),
        h('dt', {}, 'Expires'),
        h('dd', {}, isoTime(session.expiry)),
        h('dt', {}, 'Time left'),
        h('dd', { className: 'time-left', 'data-expiry': session.expiry }, this.timeLeft(session.expiry)),
      ),
      h(
        'table',
        { className: 'members' },
        h('caption', {}, 'Members'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Name', 'Role', 'State', 'Address', 'Actions'].map((name) => h('th', { scope: 'col' }, name)),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
      h(
        'div',
        { className: 'session-actions' },
        h(
          'button',
          {
            type: 'button',
            onclick: act('Copied the session id.', () => Promise.resolve(this.showToken(session.id, 'session id'))),
          },
          'Copy id',
        ),
        session.passwordProtected && field('Join password', password),
        h(
          'button',
          {
            type: 'button',
            'aria-label': `Join session ${session.id} with a new wallet`,
            onclick: act('Joined.', async () =>
              client.api('POST', '/session/join', {
                bearer: await this.walletToken(),
                body: { sessionId: session.id, ...(password.value ? { password: password.value } : {}) },
              }),
            ),
          },
          'Join',
        ),
        h(
          'button',
          {
            type: 'button',
            'aria-label': `Clock to expiry of session ${session.id}`,
            onclick: act('Clock moved to the expiry.', () => this.moveClockTo(session.expiry)),
          },
          'Clock to expiry',
        ),
        host &&
          h(
            'button',
            {
              type: 'button',
              className: 'danger',
              'aria-label': `Delete session ${session.id}`,
              onclick: act('Session deleted.', async () => {
                await client.api('DELETE', '/session/current', { bearer: await this.memberToken(session, host) });
                this.markDeleted(session.id);
              }),
            },
            'Delete',
          ),
      ),
    );
  }

  private timeLeft(expiry: number): string {
    const left = expiry - this.context.virtualNow();
    return left > 0 ? duration(left) : 'expired';
  }

  private tickTimeLeft(): void {
    for (const cell of Array.from(this.list.querySelectorAll<HTMLElement>('.time-left')))
      cell.textContent = this.timeLeft(Number(cell.dataset.expiry));
  }
}
