export {
  describeLoadedScenario,
  loadScenarioOption,
  ScenarioBook,
  ScenarioError,
  scenarioFileHint,
} from './scenario-book.ts';
export type { LoadedScenario, Scenario } from './scenario-book.ts';
export { scenarioControlHandlers } from './scenario-control.ts';
