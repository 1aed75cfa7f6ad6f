/** Which operation of the Session API or the control plane a method and path name, or why none does. */
import type { ApiContract, OperationDescription } from '../../spec/index.ts';

export type Plane = 'api' | 'control';

export type Route =
  | {
      readonly kind: 'operation';
      readonly plane: Plane;
      readonly operation: OperationDescription;
      readonly params: Readonly<Record<string, string>>;
    }
  /** A known path with a method it does not serve. */
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

interface Entry {
  readonly plane: Plane;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly operations: Map<string, OperationDescription>;
}

export class Router {
  private readonly entries: Entry[] = [];

  add(plane: Plane, description: ApiContract, prefix: string, served: (operationId: string) => boolean): void {
    for (const operation of description.operations) {
      if (!served(operation.operationId)) continue;
      const template = `${prefix}${operation.path}`;
      let entry = this.entries.find((candidate) => candidate.pattern.source === patternOf(template).source);
      if (!entry) {
        entry = { plane, pattern: patternOf(template), names: namesOf(template), operations: new Map() };
        this.entries.push(entry);
      }
      entry.operations.set(operation.method, operation);
    }
  }

  /** HEAD is routed as GET (RFC 9110 §9.3.2); the pipeline drops its body. */
  find(method: string, path: string): Route {
    for (const entry of this.entries) {
      const match = entry.pattern.exec(path);
      if (!match) continue;
      const operation = entry.operations.get(method === 'HEAD' ? 'GET' : method);
      if (!operation) {
        const allow = [...entry.operations.keys()].flatMap((known) => (known === 'GET' ? ['GET', 'HEAD'] : [known]));
        return { kind: 'method-not-allowed', allow };
      }
      const params: Record<string, string> = {};
      entry.names.forEach((name, index) => (params[name] = safeDecode(match[index + 1]!)));
      return { kind: 'operation', plane: entry.plane, operation, params };
    }
    return { kind: 'not-found' };
  }
}

function patternOf(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('([^/]+)');
  return new RegExp(`^${source}$`);
}

function namesOf(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
