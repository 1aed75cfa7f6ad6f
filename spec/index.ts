export {
  ApiDescription,
  sessionApiFile,
  mockControlFile,
  mockOverlayFile,
  readSpecDocument,
} from './api-description.ts';
export { applyOverlay } from './overlay.ts';
export type { AppliedOverlay, OverlayAction, OverlayDocument } from './overlay.ts';
export { PrecompiledApi, serializeOperation } from './precompiled-api.ts';
export type { PrecompiledDocument, SerializedOperation } from './precompiled-api.ts';
export type {
  ApiContract,
  FieldError,
  HttpMethod,
  ObservedResponse,
  OperationDescription,
  ResponseDescription,
  ResponseViolations,
} from './api-description.ts';
export type {
  paths as SessionApiPaths,
  operations as SessionApiOperations,
  components as SessionApiComponents,
} from './generated/session-api.ts';
export type {
  paths as MockControlPaths,
  operations as MockControlOperations,
  components as MockControlComponents,
} from './generated/mock-control.ts';
