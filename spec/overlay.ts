/**
 * Applies an OpenAPI Overlay 1.0 document (spec/mock-overlay.yaml) to an OpenAPI
 * document, with the small subset of JSONPath (RFC 9535) the overlay's targets use:
 * `$`, names (`.name`, `['name']`), the wildcard (`.*`, `[*]`) and filters made of
 * existence tests joined by `&&`, each optionally negated (`[?@.a && !@.a['b']]`).
 * Anything else is refused with an error naming the target, never guessed at.
 */

export interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

export interface OverlayDocument {
  overlay: string;
  actions: OverlayAction[];
}

/** What applying an overlay did: the result, and how many nodes each action's target matched. */
export interface AppliedOverlay<T> {
  document: T;
  matches: number[];
}

type Segment = { kind: 'name'; name: string } | { kind: 'wildcard' } | { kind: 'filter'; tests: ExistenceTest[] };

interface ExistenceTest {
  negated: boolean;
  path: string[];
}

interface Located {
  value: unknown;
  parent: Record<string, unknown> | unknown[] | undefined;
  key: string | number | undefined;
}

/** Applies the actions in order to a copy of `document`; the input is left as it was. */
export function applyOverlay<T>(document: T, overlay: OverlayDocument): AppliedOverlay<T> {
  if (typeof overlay.overlay !== 'string' || !overlay.overlay.startsWith('1.')) {
    throw new Error(`Only Overlay 1.x documents are supported, not overlay: ${String(overlay.overlay)}`);
  }
  const result = structuredClone(document);
  const matches = overlay.actions.map((action) => applyAction(result, action));
  return { document: result, matches };
}

function applyAction(document: unknown, action: OverlayAction): number {
  const nodes = select(document, parsePath(action.target));
  for (const node of nodes) {
    if (action.remove === true) {
      removeNode(node, action.target);
    } else if (action.update !== undefined) {
      if (Array.isArray(node.value)) {
        node.value.push(structuredClone(action.update));
      } else if (isObject(node.value) && isObject(action.update)) {
        mergeInto(node.value, action.update);
      } else {
        throw new Error(`The target ${action.target} selects a value that an object update cannot change`);
      }
    }
  }
  return nodes.length;
}

/** Overlay merge: objects recursively, arrays concatenated, anything else replaced. */
function mergeInto(target: Record<string, unknown>, update: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(update)) {
    const current = target[key];
    if (isObject(current) && isObject(value)) mergeInto(current, value);
    else if (Array.isArray(current) && Array.isArray(value)) current.push(...structuredClone(value as unknown[]));
    else target[key] = structuredClone(value);
  }
}

function removeNode(node: Located, target: string): void {
  if (Array.isArray(node.parent) && typeof node.key === 'number') node.parent.splice(node.key, 1);
  else if (isObject(node.parent) && typeof node.key === 'string') delete node.parent[node.key];
  else throw new Error(`The target ${target} selects the document itself, which cannot be removed`);
}

function select(document: unknown, segments: Segment[]): Located[] {
  let nodes: Located[] = [{ value: document, parent: undefined, key: undefined }];
  for (const segment of segments) {
    const next: Located[] = [];
    for (const node of nodes) {
      for (const child of children(node.value)) {
        if (segment.kind === 'name' && child.key !== segment.name) continue;
        if (segment.kind === 'filter' && !segment.tests.every((test) => passes(child.value, test))) continue;
        next.push(child);
      }
    }
    // Removing several children of one array must go from the last, or indexes shift.
    nodes = next.sort((a, b) => (typeof a.key === 'number' && typeof b.key === 'number' ? b.key - a.key : 0));
  }
  return nodes;
}

function children(value: unknown): Located[] {
  if (Array.isArray(value)) {
    const items = value as unknown[];
    return items.map((item, index) => ({ value: item, parent: items, key: index }));
  }
  if (isObject(value)) return Object.entries(value).map(([key, item]) => ({ value: item, parent: value, key }));
  return [];
}

function passes(value: unknown, test: ExistenceTest): boolean {
  let node = value;
  for (const name of test.path) node = isObject(node) && Object.hasOwn(node, name) ? node[name] : undefined;
  return (node !== undefined) !== test.negated;
}

/** Parses the supported subset of JSONPath into segments; throws on anything else. */
export function parsePath(path: string): Segment[] {
  const reader = new PathReader(path);
  reader.expect('$');
  const segments: Segment[] = [];
  while (!reader.done()) segments.push(reader.segment());
  return segments;
}

class PathReader {
  private at = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  segment(): Segment {
    if (this.take('.')) {
      if (this.take('*')) return { kind: 'wildcard' };
      return { kind: 'name', name: this.shorthandName() };
    }
    this.expect('[');
    let segment: Segment;
    if (this.take('*')) segment = { kind: 'wildcard' };
    else if (this.take('?')) segment = { kind: 'filter', tests: this.tests() };
    else segment = { kind: 'name', name: this.quotedName() };
    this.expect(']');
    return segment;
  }

  /** Existence tests joined by `&&`, each `@` and names, optionally negated with `!`. */
  private tests(): ExistenceTest[] {
    const tests: ExistenceTest[] = [];
    do {
      this.spaces();
      const negated = this.take('!');
      this.expect('@');
      const path: string[] = [];
      while (this.peek('.') || this.peek('[')) {
        if (this.take('.')) path.push(this.shorthandName());
        else {
          this.expect('[');
          path.push(this.quotedName());
          this.expect(']');
        }
      }
      tests.push({ negated, path });
      this.spaces();
    } while (this.take('&&'));
    return tests;
  }

  private shorthandName(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.at));
    if (!match) this.fail('a name');
    this.at += match[0].length;
    return match[0];
  }

  private quotedName(): string {
    const quote = this.text[this.at];
    if (quote !== "'" && quote !== '"') this.fail('a quoted name');
    let name = '';
    for (this.at++; this.at < this.text.length; this.at++) {
      const char = this.text[this.at]!;
      if (char === quote) {
        this.at++;
        return name;
      }
      if (char === '\\') {
        this.at++;
        name += this.text[this.at] ?? '';
      } else name += char;
    }
    return this.fail(`a closing ${quote}`);
  }

  private spaces(): void {
    while (this.text[this.at] === ' ') this.at++;
  }

  private peek(token: string): boolean {
    return this.text.startsWith(token, this.at);
  }

  private take(token: string): boolean {
    if (!this.peek(token)) return false;
    this.at += token.length;
    return true;
  }

  expect(token: string): void {
    if (!this.take(token)) this.fail(`"${token}"`);
  }

  private fail(wanted: string): never {
    throw new Error(
      `The JSONPath ${this.text} needs ${wanted} at character ${this.at + 1}; ` +
        "spec/overlay.ts supports $, .name, ['name'], *, and [?...] filters of existence tests joined by &&",
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
