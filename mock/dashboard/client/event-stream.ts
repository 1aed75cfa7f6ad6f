/**
 * Follows the world's events (GET /__mock/events, Server-Sent Events): the page
 * reads again only what an event names, and never polls. Each connection first
 * asks for a one-use ticket (EventSource cannot send the control token); that
 * call also finds out whether the token is needed and missing.
 */
import { ProblemError, type MockClient } from './mock-client.ts';

/** By event name; each gets the event's data, parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each event has its own shape (spec/mock-control.yaml)
export type StreamHandlers = Record<string, (data: any) => void>;

export function followWorld(
  client: MockClient,
  handlers: StreamHandlers,
  onState: (state: 'live' | 'reconnecting') => void,
): () => void {
  let source: EventSource | undefined;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const open = async () => {
    const { ticket } = await client.control<{ ticket: string }>('POST', '/events/ticket');
    const query = new URLSearchParams({ namespace: client.namespace, ticket });
    if (stopped) return;
    source = new EventSource(`/__mock/events?${query.toString()}`);
    source.onopen = () => onState('live');
    source.onerror = () => {
      onState('reconnecting');
      // The browser retries by itself; a refused retry (a used ticket) closes the source, so open anew.
      if (source?.readyState === EventSource.CLOSED) schedule();
    };
    for (const [name, handle] of Object.entries(handlers))
      source.addEventListener(name, (event) => handle(JSON.parse((event as MessageEvent<string>).data)));
  };
  const schedule = () => {
    if (stopped || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      open().catch(failed);
    }, 2000);
  };
  // Refused for want of the token: the page asks for it (MockClient.onTokenNeeded) and follows again.
  const failed = (error: unknown) => {
    if (!(error instanceof ProblemError && error.status === 403)) schedule();
  };
  open().catch(failed);
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
}
