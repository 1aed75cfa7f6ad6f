export { attachSessionHub } from './register-hub.ts';
export type { HubRegistration, SessionHubAdapter } from './register-hub.ts';
export { SessionHub } from './session-hub.ts';
export type { HubMember, SessionHubOptions } from './session-hub.ts';
export { sessionEventTypes } from './session-events.ts';
export type { SessionEvent, SessionEventData, SessionEventType } from './session-events.ts';
