/** What the application answers outside every operation. */
import { expect, test } from 'vitest';
import { harness } from '../testing/harness.ts';

test('GET / points at /docs, the control plane and the README, not at a YAML file', async () => {
  const answer = await harness().request({ method: 'GET', url: '/' });
  expect(answer.status).toBe(404);
  expect(answer.body.detail).toMatch(/\/v1\/.*\/__mock.*\/docs.*README/);
  expect(answer.body.detail).not.toMatch(/\.yaml/);
});

test('with --no-control the pointer leaves the control plane out', async () => {
  const answer = await harness({ config: { control: false } }).request({ method: 'GET', url: '/' });
  expect(answer.body.detail).toContain('/docs');
  expect(answer.body.detail).not.toContain('/__mock');
});
