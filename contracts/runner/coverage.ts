/**
 * The operation × status matrix of a run: for each operation of the spec (and any unknown path the
 * suite reached), each status seen or documented, how often it was observed and how often such an
 * answer broke the spec. The Markdown and the HTML report draw it from here.
 */
import { ApiDescription, sessionApiFile } from '../../spec/index.ts';
import type { SuiteOutcome } from './run-suite.ts';

const description = ApiDescription.fromFile(sessionApiFile, 'session-api');

export interface CoverageCell {
  status: number;
  documented: boolean;
  /** Answers observed with this status (0: none). */
  seen: number;
  /** Of those, answers that broke the spec. */
  broken: number;
  /** The row's operation documents statuses, and this one is not among them. */
  undocumented: boolean;
}

export interface CoverageRow {
  operationId: string;
  label: string;
  cells: CoverageCell[];
}

export interface Coverage {
  columns: number[];
  rows: CoverageRow[];
  documentedCount: number;
  coveredCount: number;
}

export function coverage(outcome: SuiteOutcome): Coverage {
  const seen = new Map<string, Map<number, { seen: number; broken: number }>>();
  for (const check of outcome.checks) {
    for (const exchange of check.exchanges) {
      const operation = exchange.operationId ?? `${exchange.method} (unknown path or method)`;
      const statuses = seen.get(operation) ?? new Map<number, { seen: number; broken: number }>();
      const cell = statuses.get(exchange.status) ?? { seen: 0, broken: 0 };
      cell.seen += 1;
      if (exchange.violations.length > 0) cell.broken += 1;
      statuses.set(exchange.status, cell);
      seen.set(operation, statuses);
    }
  }
  const statuses = new Set<number>();
  for (const operation of description.operations) for (const status of operation.responses.keys()) statuses.add(status);
  for (const cells of seen.values()) for (const status of cells.keys()) statuses.add(status);
  const columns = [...statuses].sort((a, b) => a - b);
  const known = new Set(description.operations.map((operation) => operation.operationId));
  const rowSources = [
    ...description.operations.map((operation) => ({
      id: operation.operationId,
      label: `${operation.method} ${operation.path} (${operation.operationId})`,
      documented: new Set(operation.responses.keys()),
    })),
    ...[...seen.keys()].filter((id) => !known.has(id)).map((id) => ({ id, label: id, documented: new Set<number>() })),
  ];
  let documentedCount = 0;
  let coveredCount = 0;
  const rows = rowSources.map((source) => ({
    operationId: source.id,
    label: source.label,
    cells: columns.map((status) => {
      const documented = source.documented.has(status);
      const cell = seen.get(source.id)?.get(status) ?? { seen: 0, broken: 0 };
      if (documented) documentedCount += 1;
      if (documented && cell.seen > 0) coveredCount += 1;
      return { status, documented, ...cell, undocumented: !documented && source.documented.size > 0 };
    }),
  }));
  return { columns, rows, documentedCount, coveredCount };
}
