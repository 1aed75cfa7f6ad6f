/**
 * The server's invariants, read from the control plane (GET /__mock/sessions):
 * no live session over its capacity, no member id or wallet twice in a session,
 * the creator among the members, exactly the creator's wallet in the host role.
 */
import type { Pool } from 'undici';
import type { MockControlComponents } from '../../spec/index.ts';
import { expectJson } from './http.ts';

export type MockSession = MockControlComponents['schemas']['MockSession'];

export function sessionViolations(sessions: readonly MockSession[]): string[] {
  const violations: string[] = [];
  for (const session of sessions) {
    const active = session.members.filter((member) => member.state === 'active');
    if (active.length > session.maxUsers)
      violations.push(
        `session ${session.id} has ${active.length} active members, over its capacity of ${session.maxUsers}`,
      );
    const ids = new Set<string>();
    const wallets = new Set<string>();
    for (const member of session.members) {
      if (ids.has(member.id)) violations.push(`session ${session.id} lists member id ${member.id} twice`);
      if (wallets.has(member.wallet)) violations.push(`session ${session.id} lists wallet ${member.wallet} twice`);
      ids.add(member.id);
      wallets.add(member.wallet);
    }
    const creator = session.members.find((member) => member.id === session.creatorId);
    if (!creator) {
      violations.push(`session ${session.id} does not list its creator ${session.creatorId} among its members`);
      continue;
    }
    for (const member of session.members) {
      const shouldHost = member.wallet === creator.wallet;
      if ((member.role === 'host') !== shouldHost)
        violations.push(
          `session ${session.id}: member ${member.id} has role ${member.role}, but the creator's wallet ` +
            `is the only host`,
        );
    }
  }
  return violations;
}

/** The sessions of the world `headers` name (X-Mock-Namespace; default without it). */
export async function listSessions(pool: Pool, headers: Record<string, string> = {}): Promise<MockSession[]> {
  return (await expectJson<{ sessions: MockSession[] }>(pool, 'GET', '/__mock/sessions', 200, { headers })).sessions;
}
