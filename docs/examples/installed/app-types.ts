// What an app's compiler sees (tsconfig.app.json: a default Vite template's strict settings).
import { createSessionClient, type Problem, type Session } from 'session-api-mock/client';
import { createMockControl } from 'session-api-mock/control';
import type { StartMockOptions } from 'session-api-mock/testing';

const api = createSessionClient({ baseUrl: 'http://127.0.0.1:4010/v1', apiKey: 'mock-api-key' });
const control = createMockControl({ baseUrl: 'http://127.0.0.1:4010', namespace: 'types' });

export async function currentSession(sessionToken: string): Promise<Session | Problem> {
  const result = await api.getCurrentSession(sessionToken);
  // The status narrows: data is the Session on 200, error the problem document otherwise.
  if (result.status === 200) return result.data;
  const problem: Problem = result.error;
  return problem;
}

export async function joinWhenThereIsRoom(walletToken: string, sessionId: string): Promise<string | undefined> {
  const joined = await api.joinSession(walletToken, { sessionId });
  if (joined.status === 409) return joined.error.detail;
  // @ts-expect-error join documents no 418: an undocumented status does not compile
  if (joined.status === 418) return undefined;
  return joined.data?.credentials.token;
}

export const options: StartMockOptions = { seed: 7, namespace: 'types' };
export const reset = () => control.reset();
