export { createMockCore } from './mock-core.ts';
export type { MockCore, MockCoreParts } from './mock-core.ts';
export type { ControlHandler, ScenarioLibrary } from './control-operations.ts';
export { createHostCheck, hostNameOf, isLoopback, type HostCheck } from './local-access.ts';
export { problemBody, problemHeaders, problemResponse, statusOf, wwwAuthenticate } from './problem-response.ts';
export { maxLatencyMs, parsePreferences } from './traffic.ts';
export { storeUnavailable } from './store-problems.ts';
export type { CoreRequest, CoreResponse } from './types.ts';
export { readSnapshot, toSnapshot, type Snapshot, type SnapshotLimits } from './snapshot.ts';
