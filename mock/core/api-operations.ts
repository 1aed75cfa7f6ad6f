/**
 * The Session API's operations, one binding per operation of the spec, and the
 * steps every one runs in the order of docs/rules.md §17: readable body,
 * credentials, schema, then the operation itself (which asks the domain whether
 * the session exists, the caller may act, and the rest).
 */
import type {
  ApiContract,
  OperationDescription,
  SessionApiComponents,
  SessionApiOperations,
} from '../../spec/index.ts';
import { failure, success, type Outcome, type Problem } from '../domain/index.ts';
import type { AuthenticatedMember, SessionService, WalletClaims } from '../services/index.ts';
import { emptyResponse, problemResponse } from './problem-response.ts';
import { readJsonBody } from './request-body.ts';
import type { CoreRequest, CoreResponse } from './types.ts';

type Schemas = SessionApiComponents['schemas'];
export type OperationId = keyof SessionApiOperations;

interface Binding<Credentials, Body> {
  authenticate(request: CoreRequest, service: SessionService): Promise<Outcome<Credentials>> | Outcome<Credentials>;
  run(
    service: SessionService,
    credentials: Credentials,
    body: Body,
    query: URLSearchParams,
  ): Promise<Outcome<unknown>> | Outcome<unknown>;
  /** POST /wallet-proof/verify answers every failure with 400, as the real API documents. */
  everyFailureIs400?: boolean;
}

const anyone = (): Outcome<undefined> => success(undefined);
const member = (request: CoreRequest, service: SessionService) =>
  service.authenticateMember(request.headers.authorization);
const wallet = (request: CoreRequest, service: SessionService) =>
  service.authenticateWallet(request.headers.authorization);

/** A mapped type over the spec's operation ids: an operation without a binding does not compile. */
// Binding<unknown, unknown>: each binding is typed where it is written (its methods are bivariant).
const bindings: { [K in OperationId]: Binding<unknown, unknown> } = {
  getWalletNonce: { authenticate: anyone, run: (service) => service.issueNonce() },
  verifyWalletProof: {
    authenticate: anyone,
    everyFailureIs400: true,
    run: (service, _: undefined, body: Schemas['VerifyWalletRequest'], query) => {
      const chain = query.get('chain') ?? 'Ethereum';
      if (chain !== 'Ethereum')
        return failure('invalid-wallet-proof', `Unknown chain "${chain}"; only Ethereum is supported.`);
      return service.verifyWalletProof(body);
    },
  },
  createSession: {
    authenticate: async (request, service): Promise<Outcome<WalletClaims>> => {
      const key = service.checkApiKey(request.headers['x-api-key']);
      return key.ok ? wallet(request, service) : key;
    },
    run: (service, caller: WalletClaims, body: Schemas['CreateSessionRequest'] | undefined) =>
      service.create(caller, body ?? {}),
  },
  joinSession: {
    authenticate: wallet,
    run: (service, caller: WalletClaims, body: Schemas['JoinSessionRequest']) => service.join(caller, body),
  },
  getCurrentSession: { authenticate: member, run: (service, caller: AuthenticatedMember) => service.current(caller) },
  kickUser: {
    authenticate: member,
    run: (service, caller: AuthenticatedMember, body: Schemas['KickRequest']) => service.kick(caller, body),
  },
  disconnectSession: {
    authenticate: member,
    run: (service, caller: AuthenticatedMember) => service.disconnect(caller),
  },
  deleteCurrentSession: {
    authenticate: member,
    run: (service, caller: AuthenticatedMember) => service.remove(caller),
  },
};

/** Fails the start when the spec has an operation without a binding (the mapped type covers the generated ids). */
export function checkApiBindings(api: ApiContract): void {
  for (const operation of api.operations) {
    if (!(operation.operationId in bindings))
      throw new Error(`The spec's operation ${operation.operationId} has no binding in mock/core/api-operations.ts`);
  }
}

export function describeSchemaErrors(errors: readonly { pointer: string; message: string }[]): string {
  return errors.map((error) => `${error.pointer || '(body)'} ${error.message}`).join('; ');
}

/** The JSON text of an operation's answer (a compiled serialiser in Node: mock/http/answer-json.ts). */
export type AnswerJson = (operationId: string, status: number, value: unknown) => string;

export const stringifiedAnswer: AnswerJson = (_operationId, _status, value) => JSON.stringify(value);

/** What every API operation is run with: made once, not per request. */
export interface ApiOperationParts {
  readonly bodyLimitBytes: number;
  readonly answerJson: AnswerJson;
}

/** Readable body, credentials, schema, operation: the first that fails gives the answer. */
export async function runApiOperation(
  api: ApiContract,
  operation: OperationDescription,
  request: CoreRequest,
  service: SessionService,
  parts: ApiOperationParts,
): Promise<CoreResponse> {
  const binding = bindings[operation.operationId as OperationId];
  const answer = (problem: Problem) =>
    problemResponse(binding.everyFailureIs400 ? asBadRequest(problem) : problem, request.path);
  // A body declared as ignored (disconnect) is never read, like one sent where none is declared.
  const takesBody = operation.requestBody !== undefined && !operation.requestBody.ignored;
  let body: unknown;
  if (takesBody) {
    // An operation that takes no body ignores one that is sent, whatever its size or type (§17).
    const read = readJsonBody({
      bytes: request.body,
      contentType: request.headers['content-type'],
      tooLarge: request.bodyTooLarge,
      limitBytes: parts.bodyLimitBytes,
    });
    if (!read.ok) return answer(read.problem);
    body = read.value;
  }
  const credentials = await binding.authenticate(request, service);
  if (!credentials.ok) return answer(credentials.problem);
  if (takesBody && (body !== undefined || operation.requestBody?.required === true)) {
    const errors =
      body === undefined
        ? [{ pointer: '', message: 'a JSON body is required' }]
        : api.validateRequestBody(operation.operationId, body);
    if (errors.length > 0) {
      const places = `${errors.length} place${errors.length === 1 ? '' : 's'}`;
      const detail = `The body breaks the schema in ${places}: ${describeSchemaErrors(errors)}.`;
      return answer({ code: 'validation-failed', detail, errors });
    }
  }
  const query = new URLSearchParams(request.query);
  const result = await binding.run(service, credentials.value, body, query);
  if (!result.ok) return answer(result.problem);
  if (result.value === undefined) return emptyResponse(200);
  const json = parts.answerJson(operation.operationId, 200, result.value);
  return { status: 200, headers: { 'content-type': 'application/json' }, body: json };
}

export function asBadRequest(problem: Problem): Problem {
  if (problem.code === 'invalid-wallet-proof') return problem;
  return {
    code: 'invalid-wallet-proof',
    detail: problem.detail,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}
