/**
 * The Session API's routes, one binding per operation of the spec. The pipeline
 * is the same for all and runs the checks in the order of docs/rules.md §17:
 * readable body, credentials, schema, then the operation itself (which asks the
 * domain whether the session exists, the caller may act, and the rest).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDescription, SessionApiComponents, SessionApiOperations } from '../../spec/index.ts';
import { failure, success, type Outcome, type Problem } from '../domain/index.ts';
import type { AuthenticatedMember, SessionService, WalletClaims } from '../services/index.ts';
import { sendProblem } from './problem-response.ts';
import { readJsonBody } from './request-body.ts';

type Schemas = SessionApiComponents['schemas'];
export type OperationId = keyof SessionApiOperations;

interface Binding<Credentials, Body> {
  authenticate(request: FastifyRequest): Promise<Outcome<Credentials>> | Outcome<Credentials>;
  run(credentials: Credentials, body: Body, request: FastifyRequest): Promise<Outcome<unknown>> | Outcome<unknown>;
  /** POST /wallet-proof/verify answers every failure with 400, as the real API documents. */
  everyFailureIs400?: boolean;
}

const anyone = (): Outcome<undefined> => success(undefined);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * A mapped type over the spec's operation ids: an operation without a binding does not compile. Each binding
 * names its own credentials and body; `run` is a method, so those narrow types fit `unknown` here.
 */
function bindings(service: SessionService): { [K in OperationId]: Binding<unknown, unknown> } {
  const member = (request: FastifyRequest) => service.authenticateMember(header(request, 'authorization'));
  const wallet = (request: FastifyRequest) => service.authenticateWallet(header(request, 'authorization'));
  return {
    getWalletNonce: { authenticate: anyone, run: () => service.issueNonce() },
    verifyWalletProof: {
      authenticate: anyone,
      everyFailureIs400: true,
      run: (_: undefined, body: Schemas['VerifyWalletRequest'], request) => {
        const chain = (request.query as Record<string, unknown>).chain ?? 'Ethereum';
        if (chain !== 'Ethereum')
          return failure(
            'invalid-wallet-proof',
            `Unknown chain "${typeof chain === 'string' ? chain : JSON.stringify(chain)}"; only Ethereum is supported.`,
          );
        return service.verifyWalletProof(body);
      },
    },
    createSession: {
      authenticate: async (request): Promise<Outcome<WalletClaims>> => {
        const key = service.checkApiKey(header(request, 'x-api-key'));
        return key.ok ? wallet(request) : key;
      },
      run: (caller: WalletClaims, body: Schemas['CreateSessionRequest'] | undefined) =>
        service.create(caller, body ?? {}),
    },
    joinSession: {
      authenticate: wallet,
      run: (caller: WalletClaims, body: Schemas['JoinSessionRequest']) => service.join(caller, body),
    },
    getCurrentSession: { authenticate: member, run: (caller: AuthenticatedMember) => service.current(caller) },
    kickUser: {
      authenticate: member,
      run: (caller: AuthenticatedMember, body: Schemas['KickRequest']) => service.kick(caller, body),
    },
    disconnectSession: { authenticate: member, run: (caller: AuthenticatedMember) => service.disconnect(caller) },
    deleteCurrentSession: { authenticate: member, run: (caller: AuthenticatedMember) => service.remove(caller) },
  };
}

export function registerApiRoutes(app: FastifyInstance, api: ApiDescription, service: SessionService): void {
  const table = bindings(service);
  for (const operation of api.operations) {
    const binding = table[operation.operationId as OperationId];
    if (!binding)
      throw new Error(`The spec's operation ${operation.operationId} has no binding in mock/http/api-routes.ts`);
    const takesBody = operation.requestBody !== undefined;
    const bodyRequired = operation.requestBody?.required === true;
    const answer = (reply: FastifyReply, request: FastifyRequest, problem: Problem) =>
      sendProblem(reply, binding.everyFailureIs400 ? asBadRequest(problem) : problem, request.url.split('?')[0]!);

    app.route({
      method: operation.method,
      url: `${api.basePath}${operation.path}`,
      config: { operationId: operation.operationId, everyFailureIs400: binding.everyFailureIs400 === true, takesBody },
      handler: async (request, reply) => {
        let body: unknown;
        if (takesBody) {
          const read = readJsonBody(request);
          if (!read.ok) return answer(reply, request, read.problem);
          body = read.value;
        }
        const credentials = await binding.authenticate(request);
        if (!credentials.ok) return answer(reply, request, credentials.problem);
        if (takesBody && (body !== undefined || bodyRequired)) {
          const errors =
            body === undefined
              ? [{ pointer: '', message: 'a JSON body is required' }]
              : api.validateRequestBody(operation.operationId, body);
          if (errors.length > 0) {
            const places = `${errors.length} place${errors.length === 1 ? '' : 's'}`;
            const list = errors.map((error) => `${error.pointer || '(body)'} ${error.message}`).join('; ');
            const detail = `The body breaks the schema in ${places}: ${list}.`;
            return answer(reply, request, { code: 'validation-failed', detail, errors });
          }
        }
        const result = await binding.run(credentials.value, body, request);
        if (!result.ok) return answer(reply, request, result.problem);
        if (result.value === undefined) return reply.code(200).send();
        return reply.code(200).type('application/json').send(JSON.stringify(result.value));
      },
    });
  }
}

export function asBadRequest(problem: Problem): Problem {
  if (problem.code === 'invalid-wallet-proof') return problem;
  return {
    code: 'invalid-wallet-proof',
    detail: problem.detail,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}
