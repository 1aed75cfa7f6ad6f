export {
  describeLoadedScenario,
  readScenarioOption,
  ScenarioBook,
  scenarioFileHint,
  shippedScenariosDir,
} from './scenario-book.ts';
export { loadScenario, ScenarioError, validateScenario } from './load-scenario.ts';
export type { LoadedScenario, Scenario } from './load-scenario.ts';
