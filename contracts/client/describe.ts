import type { Exchange } from './transport.ts';

const EXCERPT = 300;

/** A short, printable excerpt of a body. */
export function excerpt(text: string | undefined, limit = EXCERPT): string {
  if (text === undefined || text === '') return '(empty)';
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > limit ? `${flat.slice(0, limit)}... (${text.length} chars)` : flat;
}

/**
 * Says what a failed expectation was about: the request, the status, a body
 * excerpt and the rule that was broken, so that a report reader needs nothing else.
 */
export function describeFailure(exchange: Exchange, problem: string, rule?: string): string {
  const lines = [`${exchange.method} ${exchange.url} -> ${exchange.status}: ${problem}`];
  if (rule) lines.push(`  rule: ${rule}`);
  if (exchange.requestBody !== undefined) lines.push(`  request body: ${excerpt(exchange.requestBody, 200)}`);
  const authenticate = exchange.headers['www-authenticate'];
  if (authenticate !== undefined) lines.push(`  www-authenticate: ${authenticate}`);
  lines.push(`  response (${exchange.headers['content-type'] ?? 'no content-type'}): ${excerpt(exchange.body)}`);
  return lines.join('\n');
}
