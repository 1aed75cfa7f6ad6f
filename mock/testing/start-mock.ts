/**
 * `session-api-mock/testing`: the mock inside the calling process, on a free
 * loopback port, with a control client for it. For a test runner's global setup
 * or a fixture: `const mock = await startMock(); ... await mock.close();`.
 */
import { createMockControl, type MockControl } from '../../contracts/client/mock-control.ts';
import type { MockConfig } from '../config-shape.ts';
import { configDefaults } from '../config.ts';
import { buildMock } from '../http/app.ts';

export interface StartMockOptions extends Partial<MockConfig> {
  /** The namespace `control` acts on (`default` without it). */
  namespace?: string;
}

export interface StartedMock {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** The Session API's base URL: origin + /v1. */
  readonly url: string;
  /** A control client of this mock, acting on `options.namespace`. */
  readonly control: MockControl;
  /** Stops taking requests, closes the hub's connections, and waits for the port to close. */
  close(): Promise<void>;
}

export async function startMock(options: StartMockOptions = {}): Promise<StartedMock> {
  const { namespace, ...overrides } = options;
  const config: MockConfig = Object.freeze({
    ...configDefaults,
    logLevel: 'silent',
    ...overrides,
    host: '127.0.0.1',
    port: 0,
  });
  const mock = buildMock(config);
  const origin = await mock.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    origin,
    url: `${origin}/v1`,
    control: createMockControl({
      baseUrl: origin,
      ...(namespace === undefined ? {} : { namespace }),
      ...(config.controlToken === undefined ? {} : { token: config.controlToken }),
    }),
    close: () => mock.app.close(),
  };
}
