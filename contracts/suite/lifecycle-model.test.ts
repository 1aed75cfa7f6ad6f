import fc from 'fast-check';
import { config } from './config.ts';
import { deleteSession, describe, test } from './fixtures.ts';
import { leftovers, lifecycleCommands, type LifecycleModel, type LifecycleReal } from './lifecycle-model.ts';

const WALLETS = 3;
/**
 * fast-check stops starting sequences after this long, so that a slow server gets
 * a clear failure (how many of the requested sequences ran) before the test's own
 * timeout cuts it off with none; the sequence in flight still finishes.
 */
const SEQUENCES_TIME_LIMIT_MS = 90_000;

describe('the session lifecycle as a whole', () => {
  test(
    'answers every random sequence of create, join, current, kick, disconnect, delete (and clock moves) ' +
      'as the reference model does',
    { tags: ['strict'], timeout: 120_000 },
    async ({ api, control, task }) => {
      const withClock = control.available;
      const accounts = Array.from({ length: WALLETS }, () => api.newAccount());
      let lastFailure = '';
      const property = fc.asyncProperty(
        fc.commands(lifecycleCommands(WALLETS, withClock), { maxCommands: 24, size: 'max' }),
        async (commands) => {
          const model: LifecycleModel = {
            sessions: [],
            tokens: [],
            syncedNow: withClock ? await control.now() : Date.now() / 1000,
            syncedAt: Date.now(),
          };
          const real: LifecycleReal = { api, control, accounts, trace: [] };
          try {
            await fc.asyncModelRun(() => ({ model, real }), commands);
          } catch (error) {
            // fast-check reports the last failing run, so this is the reported counterexample as executed.
            lastFailure = real.trace.map((step, i) => `  ${i + 1}. ${step}`).join('\n');
            throw error;
          } finally {
            for (const left of leftovers(model)) {
              await deleteSession(api.client, {
                sessionId: left.sessionId,
                host: { account: accounts[left.creator]!, token: left.token ?? 'revoked' },
              });
            }
          }
        },
      );
      const details = await fc.check(property, {
        numRuns: config.modelRuns,
        interruptAfterTimeLimit: SEQUENCES_TIME_LIMIT_MS,
        ...(config.modelSeed === undefined ? {} : { seed: config.modelSeed }),
      });
      const clockNote = withClock ? ', clock moves included' : `, without clock moves: ${control.reason}`;
      const timeNote = details.interrupted ? '; interrupted by the time limit' : '';
      const runs = `${details.numRuns} of ${config.modelRuns} random sequences`;
      task.meta.modelNote = `${runs} (seed ${details.seed})${clockNote}${timeNote}`;
      if (details.failed) {
        const cause =
          details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        const report =
          `${fc.defaultReportMessage(details) ?? 'the property failed'}\nThe shrunk sequence as executed ` +
          `(the last step disagreed):\n${lastFailure}\nThe disagreement:\n${cause}`;
        task.meta.counterexample = `${withClock ? '' : '(no control plane: clock commands left out)\n'}${report}`;
        throw new Error(
          `The server and the lifecycle model disagree. Shrunk counterexample (replay with ` +
            `CONTRACT_MODEL_SEED=${details.seed}):\n${report}`,
        );
      }
      // An interrupted check passes in fast-check however few sequences ran; here it must not.
      if (details.numRuns < config.modelRuns) {
        throw new Error(
          `Only ${details.numRuns} of the ${config.modelRuns} requested random sequences ran within ` +
            `${SEQUENCES_TIME_LIMIT_MS / 1000} s, all in agreement with the model; ` +
            'the rest were not checked. Ask for fewer (--model-runs) or run against a less loaded server.',
        );
      }
    },
  );
});
