/**
 * The mock's control plane under /__mock, as spec/mock-control.yaml describes it.
 * Not part of the Session API.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDescription, MockControlComponents } from '../../spec/index.ts';
import type { Problem } from '../domain/index.ts';
import { readClockChange, type SessionService, type VirtualClock } from '../services/index.ts';
import { unexpectedErrorCount } from '../process-guard.ts';
import type { FaultRules } from './faults.ts';
import type { RequestJournal } from './journal.ts';
import { sendProblem } from './problem-response.ts';
import { readJsonBody } from './request-body.ts';

type Schemas = MockControlComponents['schemas'];

export interface ControlOptions {
  control: ApiDescription;
  service: SessionService;
  clock: VirtualClock;
  faults: FaultRules;
  journal: RequestJournal;
  /** When set, every control call must present it (required beyond loopback). */
  requiredToken: string | undefined;
  /** False when the mock listens beyond loopback and no control token was set. */
  allowed: boolean;
  defaultWalletTokenTtlSeconds: number;
  /** Handlers of control operations served from other modules (mock/scenarios), by operation id. */
  extraHandlers?: Readonly<Record<string, ControlHandler>>;
}

export type ControlHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export function registerControlRoutes(app: FastifyInstance, options: ControlOptions): void {
  const { control, service, clock, faults, journal } = options;
  const tokenDigest = options.requiredToken === undefined ? undefined : digest(options.requiredToken);

  const refusal = (request: FastifyRequest): Problem | undefined => {
    if (!options.allowed) {
      return {
        code: 'control-forbidden',
        detail:
          'The mock listens beyond loopback; start it with --control-token and present that token as a bearer token.',
      };
    }
    if (tokenDigest === undefined) return undefined;
    const presented = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), tokenDigest)) return undefined;
    return {
      code: 'control-forbidden',
      detail: 'Present the control token as "Authorization: Bearer <control token>".',
    };
  };

  /** Reads and validates a control body; every failure here is a 400. */
  const body = <T>(request: FastifyRequest, reply: FastifyReply, operationId: string): T | undefined => {
    const read = readJsonBody(request);
    const fail = (detail: string, errors?: Problem['errors']) => {
      sendProblem(reply, { code: 'invalid-control-request', detail, ...(errors ? { errors } : {}) }, request.url);
      return undefined;
    };
    if (!read.ok) return fail(read.problem.detail);
    const value = read.value ?? (control.operation(operationId).requestBody?.required ? undefined : {});
    if (value === undefined) return fail('A JSON body is required.');
    const errors = control.validateRequestBody(operationId, value);
    if (errors.length > 0)
      return fail(
        `The body breaks the schema: ` +
          `${errors.map((error) => `${error.pointer || '(body)'} ${error.message}`).join('; ')}.`,
        errors,
      );
    return value as T;
  };

  const json = (reply: FastifyReply, status: number, value: unknown) =>
    reply.code(status).type('application/json').send(JSON.stringify(value));
  const clockView = (): Schemas['Clock'] => ({ now: clock.now(), offsetSeconds: clock.offsetSeconds });

  const handlers: Record<string, ControlHandler> = {
    ...options.extraHandlers,
    getHealth: async (_, reply) =>
      json(reply, 200, {
        status: 'ok',
        sessions: (await service.liveSessions()).length,
        now: clock.now(),
        unexpectedErrors: unexpectedErrorCount(),
      }),
    resetMock: async (_, reply) => {
      await service.reset();
      faults.clear();
      journal.clear();
      return reply.code(204).send();
    },
    mintWalletToken: async (request, reply) => {
      const input = body<Schemas['WalletTokenRequest']>(request, reply, 'mintWalletToken');
      if (!input) return reply;
      return json(
        reply,
        200,
        await service.mintWalletToken(input.address, input.ttlSeconds ?? options.defaultWalletTokenTtlSeconds),
      );
    },
    getClock: async (_, reply) => json(reply, 200, clockView()),
    setClock: async (request, reply) => {
      // Read by hand, not by body(): the schema's oneOf would name every branch's failure at once.
      const read = readJsonBody(request);
      const change = read.ok ? readClockChange(read.value) : read;
      if (!change.ok) {
        return sendProblem(reply, { code: 'invalid-control-request', detail: change.problem.detail }, request.url);
      }
      try {
        if ('advanceSeconds' in change.value) clock.advance(change.value.advanceSeconds);
        else clock.set(change.value.now);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        return sendProblem(reply, { code: 'invalid-control-request', detail: error.message }, request.url);
      }
      return json(reply, 200, clockView());
    },
    listSessions: async (_, reply) =>
      json(reply, 200, {
        sessions: (await service.liveSessions()).map((record): Schemas['MockSession'] => ({
          id: record.id,
          creatorId: record.creatorId,
          createdAt: record.createdAt,
          expiry: record.expiry,
          maxUsers: record.maxUsers,
          passwordProtected: record.passwordHash !== null,
          allowOnlyWhitelistedAddresses: record.whitelistEnforced,
          whiteListAddresses: [...record.whiteList],
          members: record.members.map(({ userId, role, name, address, wallet, state }) => ({
            id: userId,
            role,
            name,
            address,
            wallet,
            state,
          })),
        })),
      }),
    listRequests: async (_, reply) => json(reply, 200, { requests: journal.list() }),
    listFaults: async (_, reply) => json(reply, 200, { faults: faults.list() }),
    addFault: async (request, reply) => {
      const input = body<Schemas['FaultRuleRequest']>(request, reply, 'addFault');
      if (!input) return reply;
      return json(reply, 201, faults.add(input));
    },
    clearFaults: async (_, reply) => {
      faults.clear();
      return reply.code(204).send();
    },
  };

  for (const operation of control.operations) {
    const handler = handlers[operation.operationId];
    if (!handler)
      throw new Error(
        `The control spec's operation ${operation.operationId} has no handler in mock/http/control-routes.ts`,
      );
    app.route({
      method: operation.method,
      url: operation.path,
      // cors: false: mock/http/local-access.ts answers pages here, not the API's --cors-origin.
      config: {
        operationId: operation.operationId,
        control: true,
        takesBody: operation.requestBody !== undefined,
        cors: false,
      },
      handler: async (request, reply) => {
        const refused = refusal(request);
        if (refused) return sendProblem(reply, refused, request.url);
        return handler(request, reply);
      },
    });
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
