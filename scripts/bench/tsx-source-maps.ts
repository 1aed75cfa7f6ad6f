// Maps positions in the code tsx hands to V8 back to the TypeScript source.
// tsx strips whitespace (everything sits on line 1), so a profile's line
// numbers say nothing until mapped; tsx keeps each transform, with its source
// map (without the source text), in its cache under the temporary directory;
// the newest ESM transform of a file is the one the last run used.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface RawSourceMap {
  mappings: string;
  sources: string[];
  sourcesContent?: (string | null)[];
}

/** Per generated line: [generated column, original line, original column], in column order. */
type DecodedMap = [number, number, number][][];

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeMappings(mappings: string): DecodedMap {
  const lines: DecodedMap = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  let sourceIndex = 0;
  let nameIndex = 0;
  for (const line of mappings.split(';')) {
    const segments: [number, number, number][] = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = base64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceIndex += fields[1]!;
        sourceLine += fields[2]!;
        sourceColumn += fields[3]!;
        if (fields.length >= 5) nameIndex += fields[4]!;
        segments.push([column, sourceLine, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  void sourceIndex;
  void nameIndex;
  return lines;
}

export class TsxSourceMaps {
  private readonly maps = new Map<string, DecodedMap>();

  /** Loads, for each source file, the newest cached ESM transform. */
  constructor(cacheDir = path.join(os.tmpdir(), `tsx-${os.userInfo().uid}`)) {
    let entries: string[] = [];
    try {
      entries = readdirSync(cacheDir);
    } catch {
      return;
    }
    const newest = new Map<string, { mtimeMs: number; mappings: string }>();
    for (const entry of entries) {
      try {
        const file = path.join(cacheDir, entry);
        const cached = JSON.parse(readFileSync(file, 'utf8')) as { code?: string; map?: RawSourceMap };
        const source = cached.map?.sources[0];
        // CommonJS transforms (of the same file, when it was also required) start with these.
        if (!cached.map || !source || !cached.code || /^("use strict"|__filename=)/.test(cached.code)) continue;
        const mtimeMs = statSync(file).mtimeMs;
        if ((newest.get(source)?.mtimeMs ?? -1) < mtimeMs) newest.set(source, { mtimeMs, mappings: cached.map.mappings });
      } catch {
        // not a transform we can read: skip it
      }
    }
    for (const [source, { mappings }] of newest) this.maps.set(source, decodeMappings(mappings));
  }

  /** The 1-based line in the TypeScript file, or undefined when no cached map matches. */
  originalLine(file: string, generatedLine: number, generatedColumn: number): number | undefined {
    const segments = this.maps.get(file)?.[generatedLine];
    if (!segments || segments.length === 0) return undefined;
    let found: [number, number, number] | undefined;
    for (const segment of segments) {
      if (segment[0] > generatedColumn) break;
      found = segment;
    }
    return (found ?? segments[0]!)[1] + 1;
  }
}
