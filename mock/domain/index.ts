export { displayNameProblem } from './display-name.ts';
export { failure, problemCodes, problemType, success } from './problems.ts';
export type { Challenge, Outcome, Problem, ProblemCode } from './problems.ts';
export {
  activeMembers,
  admitToken,
  disconnect,
  isCollectable,
  isLive,
  join,
  kick,
  latestClockTime,
  needsPassword,
  openSession,
  remove,
  resolveRules,
  ruleDefaults,
  tokenGraceSeconds,
  view,
  walletLimit,
} from './session.ts';
export type {
  Change,
  JoinRequest,
  Member,
  MemberState,
  ResolvedRules,
  Role,
  RulesInput,
  SessionRecord,
  SessionTokenClaims,
} from './session.ts';
export { credentialsView, joinView, sessionView } from './views.ts';
