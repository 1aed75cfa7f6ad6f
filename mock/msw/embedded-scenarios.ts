/**
 * The shipped scenarios (mock/scenarios/*.yaml) where there are no files to read:
 * scripts/build-msw.ts parses them at build time and builds them in; this serves
 * them to the control plane as mock/scenarios/scenario-book.ts does from the disk.
 */
import type { ApiContract, MockControlComponents } from '../../spec/index.ts';
import type { ScenarioLibrary } from '../core/index.ts';
import { ScenarioError, validateScenario, type Scenario } from '../scenarios/load-scenario.ts';

type Schemas = MockControlComponents['schemas'];

export class EmbeddedScenarios implements ScenarioLibrary {
  constructor(
    private readonly control: ApiContract,
    /** Parsed scenario documents by name. */
    private readonly shipped: Readonly<Record<string, unknown>>,
  ) {}

  catalogue(): Schemas['ScenarioCatalogue'] {
    return {
      scenarios: Object.keys(this.shipped)
        .sort()
        .map((name) => ({ name, description: this.readNamed(name).description ?? '' })),
    };
  }

  readNamed(name: string): Scenario {
    if (!Object.hasOwn(this.shipped, name)) {
      const known = Object.keys(this.shipped).sort();
      throw new ScenarioError(name, [
        { pointer: '/name', message: `names no shipped scenario; shipped: ${known.join(', ')}` },
      ]);
    }
    return this.validate(this.shipped[name], `mock/scenarios/${name}.yaml`);
  }

  validate(value: unknown, source: string): Scenario {
    return validateScenario(this.control, value, source);
  }
}
