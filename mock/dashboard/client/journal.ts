/**
 * The journal, live: each request as the mock stores it (the stream carries the
 * entry), filterable, with a detail view of headers and bodies as the journal
 * keeps them (tokens already redacted by the mock).
 */
import type { Context } from './context.ts';
import { field, h, show } from './dom.ts';

export interface JournalEntry {
  sequence: number;
  time: string;
  method: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  operationId: string | null;
  requestId: string;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  requestBody: unknown;
  responseBody: unknown;
}

/** The most entries the page keeps. */
const kept = 500;

export class JournalSection {
  private entries: JournalEntry[] = [];
  private readonly rows = h('tbody');
  private readonly filter = h('input', {
    type: 'search',
    name: 'journal-filter',
    placeholder: 'method, path, status or operation',
  });
  private readonly detail = h('section', { className: 'journal-detail', 'aria-label': 'Request detail', tabindex: -1 });

  constructor(
    private readonly context: Context,
    root: HTMLElement,
  ) {
    this.filter.addEventListener('input', () => this.render());
    show(
      root,
      h('h2', {}, 'Journal'),
      h(
        'div',
        { className: 'field-row' },
        field('Filter', this.filter),
        h(
          'button',
          {
            type: 'button',
            onclick: () =>
              void context.act('Journal cleared.', async () => {
                await context.client.control('DELETE', '/requests');
                this.entries = [];
                this.render();
              }),
          },
          'Clear journal',
        ),
      ),
      h(
        'div',
        // Focusable, so that the keyboard can scroll it too.
        { className: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Journal entries' },
        h(
          'table',
          { className: 'journal' },
          h('caption', { className: 'visually-hidden' }, 'Requests to the Session API, newest first'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['#', 'Time', 'Method', 'Path', 'Status', 'ms', 'Operation'].map((name) =>
                h('th', { scope: 'col' }, name),
              ),
            ),
          ),
          this.rows,
        ),
      ),
      this.detail,
    );
  }

  async load(): Promise<void> {
    const { requests } = await this.context.client.control<{ requests: JournalEntry[] }>('GET', '/requests');
    this.entries = requests.slice(-kept);
    this.render();
  }

  add(entry: JournalEntry): void {
    if (this.entries.some((known) => known.sequence === entry.sequence)) return;
    this.entries.push(entry);
    if (this.entries.length > kept) this.entries.splice(0, this.entries.length - kept);
    this.render();
  }

  forget(): void {
    this.entries = [];
    this.render();
    show(this.detail);
  }

  private render(): void {
    const words = this.filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const shown = this.entries.filter((entry) => {
      const text = `${entry.method} ${entry.path} ${entry.status} ${entry.operationId ?? ''}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
    show(
      this.rows,
      ...shown
        .slice()
        .reverse()
        .map((entry) =>
          h(
            'tr',
            { 'data-sequence': entry.sequence, className: entry.status >= 400 ? 'failed' : '' },
            h(
              'td',
              {},
              h(
                'button',
                { type: 'button', className: 'link', onclick: () => this.open(entry) },
                entry.sequence,
                h('span', { className: 'visually-hidden' }, ': show the request'),
              ),
            ),
            h('td', {}, entry.time.slice(11, 23)),
            h('td', {}, entry.method),
            h('td', { className: 'path' }, entry.path),
            h('td', { className: 'status' }, entry.status),
            h('td', {}, entry.durationMs),
            h('td', {}, entry.operationId ?? '—'),
          ),
        ),
    );
  }

  private open(entry: JournalEntry): void {
    const block = (title: string, value: unknown) =>
      h(
        'div',
        {},
        h('h4', {}, title),
        h('pre', {}, typeof value === 'string' ? value : JSON.stringify(value, null, 2)),
      );
    show(
      this.detail,
      h(
        'h3',
        {},
        `Request ${entry.sequence}: ${entry.method} ${entry.path}${entry.query ? `?${entry.query}` : ''}` +
          ` → ${entry.status}`,
      ),
      h('p', {}, `Request id ${entry.requestId} · ${entry.time} · ${entry.durationMs} ms`),
      block('Request headers', entry.requestHeaders),
      block('Request body', entry.requestBody ?? '(none)'),
      block('Response headers', entry.responseHeaders),
      block('Response body', entry.responseBody ?? '(none)'),
    );
    this.detail.focus();
  }
}
