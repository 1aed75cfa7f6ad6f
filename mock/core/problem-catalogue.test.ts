import { describe, expect, test } from 'vitest';
import { problemType, type ProblemCode } from '../domain/index.ts';
import { sessionApi } from '../testing/harness.ts';
import { problemCatalogue } from './problem-catalogue.ts';

describe('problem catalogue', () => {
  test.for(Object.entries(problemCatalogue))('%s has an error status and a title', ([code, entry]) => {
    expect(entry.status).toBeGreaterThanOrEqual(400);
    expect(entry.status).toBeLessThan(600);
    expect(entry.title.length).toBeGreaterThan(0);
    expect(problemType(code as ProblemCode)).toBe(`urn:session-api:problem:${code}`);
  });

  test('every problem type an example of the spec names is in the catalogue with the same status and title', () => {
    const examples = sessionApi.operations.flatMap((operation) =>
      [...operation.responses.values()].flatMap((response) => response.examples),
    );
    const problems = examples.filter(
      (example): example is { type: string; title: string; status: number } =>
        typeof (example as { type?: unknown }).type === 'string',
    );
    expect(problems.length).toBeGreaterThan(5);
    for (const problem of problems) {
      const code = problem.type.replace('urn:session-api:problem:', '') as ProblemCode;
      expect(problemCatalogue[code], problem.type).toMatchObject({ status: problem.status, title: problem.title });
    }
  });
});
