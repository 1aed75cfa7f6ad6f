// Summarises a V8 .cpuprofile (from node --cpu-prof): where the time went, by
// function (self time), and by file or package with callees included, so that
// the costly parts of mock/ stand out.
// Run alone: npx tsx scripts/bench/summarise-profile.ts reports/bench/profiles/x.cpuprofile
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { repoRoot } from './repo-root.ts';
import { TsxSourceMaps } from './tsx-source-maps.ts';

interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based, in the code V8 ran (for TypeScript: tsx's output). */
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock (the one process.hrtime reads, in every process). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Only samples taken within this window count (monotonic microseconds, as process.hrtime.bigint() / 1000n). */
export interface SampleWindow {
  startUs: number;
  endUs: number;
}

export interface CostLine {
  name: string;
  ms: number;
  /** Of the busy (not idle) time in the window. */
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time when the process waited for work. */
  idleMs: number;
  selfByFunction: CostLine[];
  selfByPlace: CostLine[];
  /** Time spent in (or under) each place: a package, node internals, or a file of this repository. */
  inclusiveByPlace: CostLine[];
  /** Time spent in (or under) each function of mock/. */
  inclusiveByMockFunction: CostLine[];
}

/** Where a frame lives: `mock/http/app.ts`, a package name, `node:internals`, or a V8 pseudo-frame. */
export function placeOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internals';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? file);
  }
  return path.relative(repoRoot, file);
}

let sourceMaps: TsxSourceMaps | undefined;

/** `name file:line`, the line mapped back to the TypeScript source where tsx's cache allows. */
function functionKey(frame: CallFrame): string {
  const place = placeOf(frame);
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  if (frame.url.startsWith('node:')) return `${name} ${frame.url}:${frame.lineNumber + 1}`;
  let line = frame.lineNumber + 1;
  if (frame.url.startsWith('file://') && frame.url.endsWith('.ts')) {
    sourceMaps ??= new TsxSourceMaps();
    line = sourceMaps.originalLine(fileURLToPath(frame.url), frame.lineNumber, frame.columnNumber) ?? line;
  }
  return `${name} ${place}:${line}`;
}

function top(map: Map<string, number>, totalMs: number, count: number): CostLine[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms, share: totalMs > 0 ? ms / totalMs : 0 }));
}

export function summariseProfile(profile: CpuProfile, count = 25, window?: SampleWindow): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfByFunction = new Map<string, number>();
  const selfByPlace = new Map<string, number>();
  const inclusiveByPlace = new Map<string, number>();
  const inclusiveByMockFunction = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number): void => {
    map.set(key, (map.get(key) ?? 0) + ms);
  };
  let totalMs = 0;
  let idleMs = 0;
  let sampledAtUs = profile.startTime;
  profile.samples.forEach((id, index) => {
    const deltaUs = profile.timeDeltas[index] ?? 0;
    sampledAtUs += deltaUs;
    if (window && (sampledAtUs < window.startUs || sampledAtUs > window.endUs)) return;
    const ms = deltaUs / 1000;
    const node = byId.get(id);
    if (!node) return;
    totalMs += ms;
    if (node.callFrame.functionName === '(idle)') idleMs += ms;
    add(selfByFunction, functionKey(node.callFrame), ms);
    add(selfByPlace, placeOf(node.callFrame), ms);
    const places = new Set<string>();
    const mockFunctions = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current)?.callFrame;
      if (!frame || frame.functionName === '(root)') continue;
      const place = placeOf(frame);
      places.add(place);
      if (place.startsWith('mock/')) mockFunctions.add(functionKey(frame));
    }
    for (const place of places) add(inclusiveByPlace, place, ms);
    for (const key of mockFunctions) add(inclusiveByMockFunction, key, ms);
  });
  const busyMs = totalMs - idleMs;
  selfByFunction.delete('(idle)');
  selfByPlace.delete('(idle)');
  inclusiveByPlace.delete('(idle)');
  return {
    totalMs,
    idleMs,
    selfByFunction: top(selfByFunction, busyMs, count),
    selfByPlace: top(selfByPlace, busyMs, count),
    inclusiveByPlace: top(inclusiveByPlace, busyMs, count),
    inclusiveByMockFunction: top(inclusiveByMockFunction, busyMs, count),
  };
}

export function formatProfileSummary(summary: ProfileSummary): string {
  const lines = (title: string, costs: readonly CostLine[]): string[] => [
    '',
    title,
    ...costs.map((cost) => `  ${cost.ms.toFixed(0).padStart(7)} ms  ${(cost.share * 100).toFixed(1).padStart(5)}%  ${cost.name}`),
  ];
  return [
    `profile: ${summary.totalMs.toFixed(0)} ms sampled, ${summary.idleMs.toFixed(0)} ms idle; shares below are of the ${(summary.totalMs - summary.idleMs).toFixed(0)} ms busy`,
    ...lines('self time by function (top):', summary.selfByFunction),
    ...lines('self time by place:', summary.selfByPlace),
    ...lines('time in or under each place (callees included):', summary.inclusiveByPlace),
    ...lines('time in or under each mock/ function (callees included):', summary.inclusiveByMockFunction),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = process.argv[2];
  if (!file) {
    console.error('Usage: npx tsx scripts/bench/summarise-profile.ts <file.cpuprofile> [count]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(formatProfileSummary(summariseProfile(profile, Number(process.argv[3] ?? 25))));
}
