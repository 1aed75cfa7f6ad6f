/** The API's answers, shaped by the generated types of spec/session-api.yaml. */
import type { SessionApiComponents } from '../../spec/index.ts';
import { activeMembers, type Member, type SessionRecord } from './session.ts';

type Schemas = SessionApiComponents['schemas'];

function userView(member: Member): Schemas['User'] {
  return { id: member.userId, role: member.role, name: member.name, address: member.address };
}

function rulesView(record: SessionRecord): Schemas['SessionRules'] {
  return {
    expiry: record.expiry,
    maxFiles: record.maxFiles,
    maxUsers: record.maxUsers,
    maxTotalMegaBytes: record.maxTotalMegaBytes,
    passwordProtected: record.passwordHash !== null,
    whiteListAddresses: [...record.whiteList],
  };
}

export function credentialsView(
  record: SessionRecord,
  member: Member,
  token: string,
  now: number,
): Schemas['CreateSessionResponse'] {
  return {
    sessionId: record.id,
    expiresIn: Math.max(0, record.expiry - now),
    credentials: { token, id: member.userId, pseudonym: member.name, role: member.role },
    rules: rulesView(record),
  };
}

export function joinView(
  record: SessionRecord,
  member: Member,
  token: string,
  now: number,
): Schemas['JoinSessionResponse'] {
  return { ...credentialsView(record, member, token, now), users: activeMembers(record).map(userView) };
}

export function sessionView(record: SessionRecord): Schemas['Session'] {
  return {
    id: record.id,
    creatorId: record.creatorId,
    ...rulesView(record),
    users: activeMembers(record).map(userView),
  };
}
