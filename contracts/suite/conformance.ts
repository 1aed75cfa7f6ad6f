/**
 * Every response the suite receives is checked against the spec here, with the
 * project's own ApiDescription (one validator, compiled from the spec itself).
 */
import { ApiDescription, sessionApiFile } from '../../spec/index.ts';
import type { Exchange } from '../client/index.ts';

export const description = ApiDescription.fromFile(sessionApiFile, 'session-api');

/** The operation an exchange was meant for, or undefined for an unknown path or method. */
function operationOf(exchange: Pick<Exchange, 'method' | 'path'>): string | undefined {
  const path = exchange.path.split('?')[0]!.replace(/\/+$/, '') || '/';
  return description.operations.find((operation) => operation.method === exchange.method && operation.path === path)
    ?.operationId;
}

export interface Conformance {
  operationId: string | undefined;
  violations: string[];
}

export function conformanceOf(exchange: Exchange): Conformance {
  const operationId = operationOf(exchange);
  if (!operationId) return { operationId, violations: [] };
  return { operationId, violations: description.checkResponse(operationId, exchange) };
}
