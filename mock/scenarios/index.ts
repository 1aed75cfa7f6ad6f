export { describeLoadedScenario, readScenarioOption, ScenarioBook, scenarioFileHint } from './scenario-book.ts';
export { loadScenario, ScenarioError, validateScenario } from './load-scenario.ts';
export type { LoadedScenario, Scenario } from './load-scenario.ts';
