/**
 * The control plane's scenario operations (spec/mock-control.yaml: listScenarios,
 * getScenario, loadScenario), handed to mock/http/control-routes.ts as extra handlers.
 */
import type { FastifyReply } from 'fastify';
import type { ApiDescription } from '../../spec/index.ts';
import type { ControlHandler } from '../http/control-routes.ts';
import { sendProblem } from '../http/problem-response.ts';
import { readJsonBody } from '../http/request-body.ts';
import { ScenarioError, type Scenario, type ScenarioBook } from './scenario-book.ts';

const path = '/__mock/scenario';

export function scenarioControlHandlers(book: ScenarioBook, control: ApiDescription): Record<string, ControlHandler> {
  const json = (reply: FastifyReply, value: unknown) =>
    reply.code(200).type('application/json').send(JSON.stringify(value));

  return {
    listScenarios: async (_, reply) => json(reply, book.catalogue()),
    getScenario: async (_, reply) => {
      const loaded = book.current;
      if (!loaded) {
        return sendProblem(
          reply,
          {
            code: 'not-found',
            detail: 'No scenario is loaded; load one with POST /__mock/scenario or start the mock with --scenario.',
          },
          path,
        );
      }
      return json(reply, loaded);
    },
    loadScenario: async (request, reply) => {
      const read = readJsonBody(request);
      if (!read.ok) return sendProblem(reply, { code: 'invalid-control-request', detail: read.problem.detail }, path);
      if (read.value === undefined)
        return sendProblem(
          reply,
          {
            code: 'invalid-control-request',
            detail: 'A JSON body is required: { "name": "<shipped scenario>" } or { "scenario": { ... } }.',
          },
          path,
        );
      const errors = control.validateRequestBody('loadScenario', read.value);
      if (errors.length > 0) {
        const detail =
          `The body breaks the schema: ` +
          `${errors.map((error) => `${error.pointer || '(body)'} ${error.message}`).join('; ')}.`;
        return sendProblem(reply, { code: 'invalid-control-request', detail, errors }, path);
      }
      const body = read.value as { name?: string; scenario?: Scenario };
      try {
        const loaded =
          body.name !== undefined
            ? await book.loadNamed(body.name)
            : await book.load(book.validate(body.scenario, 'the request body'), 'request');
        return json(reply, loaded);
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        // Pointers into an inline scenario are pointers into the body's `scenario`.
        const prefix = body.name === undefined ? '/scenario' : '';
        const fieldErrors = error.errors.map((fieldError) => ({
          pointer:
            body.name !== undefined && fieldError.pointer === '/name' ? '/name' : `${prefix}${fieldError.pointer}`,
          message: fieldError.message,
        }));
        return sendProblem(
          reply,
          { code: 'invalid-control-request', detail: error.message, errors: fieldErrors },
          path,
        );
      }
    },
  };
}
