/**
 * Scenarios: named starting states for a frontend (a full session, a protected
 * one, a kicked user, a session about to expire), written as YAML or JSON,
 * validated against the `Scenario` schema of spec/mock-control.yaml, and loaded
 * through the same SessionService operations the API runs, so the state they
 * make is one the API itself could reach.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ApiDescription, MockControlComponents } from '../../spec/index.ts';
import type { ScenarioLibrary } from '../core/index.ts';
import { ScenarioError, validateScenario, type LoadedScenario, type Scenario } from './load-scenario.ts';

type Schemas = MockControlComponents['schemas'];
export type { LoadedScenario, Scenario };

/** Where the shipped scenarios live: `mock/scenarios/<name>.yaml`. */
export const shippedScenariosDir = fileURLToPath(new URL('./', import.meta.url));
const scenarioName = /^[a-z0-9][a-z0-9-]*$/;

/** Scenario files: the shipped ones in mock/scenarios/ and any a path names (ScenarioLibrary of mock/core). */
export class ScenarioBook implements ScenarioLibrary {
  private readonly control: ApiDescription;
  private readonly dir: string;

  constructor(parts: { control: ApiDescription; dir?: string }) {
    this.control = parts.control;
    this.dir = parts.dir ?? shippedScenariosDir;
  }

  /** The shipped scenarios, by name, with their descriptions. */
  catalogue(): Schemas['ScenarioCatalogue'] {
    const names = readdirSync(this.dir)
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => basename(file, '.yaml'))
      .sort();
    return {
      scenarios: names.map((name) => ({
        name,
        description: this.readFile(join(this.dir, `${name}.yaml`)).description ?? '',
      })),
    };
  }

  /** `--scenario` takes a file path or the name of a shipped scenario. */
  resolve(fileOrName: string): string {
    if (existsSync(fileOrName)) return fileOrName;
    const shipped = join(this.dir, `${fileOrName}.yaml`);
    if (scenarioName.test(fileOrName) && existsSync(shipped)) return shipped;
    const known = this.catalogue().scenarios.map((scenario) => scenario.name);
    throw new ScenarioError(fileOrName, [
      { pointer: '', message: `is neither a file nor a shipped scenario (shipped: ${known.join(', ')})` },
    ]);
  }

  /** Reads, parses and validates a scenario file (YAML or JSON, by its content). */
  readFile(file: string): Scenario {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ScenarioError(file, [
        {
          pointer: '',
          message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        },
      ]);
    }
    return this.parse(text, file);
  }

  parse(text: string, source: string): Scenario {
    let value: unknown;
    try {
      // YAML is a superset of JSON: one parser reads both. A .json file is parsed strictly.
      value = extname(source) === '.json' ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      const where =
        error instanceof YAMLParseError && error.linePos
          ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}`
          : '';
      throw new ScenarioError(source, [
        {
          pointer: '',
          message:
            `is not valid ${extname(source) === '.json' ? 'JSON' : 'YAML'}${where}: ` +
            (error as Error).message.split('\n')[0],
        },
      ]);
    }
    return this.validate(value, source);
  }

  validate(value: unknown, source: string): Scenario {
    return validateScenario(this.control, value, source);
  }

  /** A shipped scenario by name, read and validated. */
  readNamed(name: string): Scenario {
    const file = join(this.dir, `${name}.yaml`);
    if (!scenarioName.test(name) || !existsSync(file)) {
      const known = this.catalogue().scenarios.map((scenario) => scenario.name);
      throw new ScenarioError(name, [
        { pointer: '/name', message: `names no shipped scenario; shipped: ${known.join(', ')}` },
      ]);
    }
    return this.readFile(file);
  }
}

/** What to tell someone whose scenario file was refused. */
export const scenarioFileHint =
  'Scenario files follow the Scenario schema of spec/mock-control.yaml; see mock/scenarios/*.yaml.';

/**
 * `--scenario FILE|NAME` at start: reads it, or throws a ScenarioError naming the
 * file and the field (mock/main.ts turns that into exit code 2). The core loads it
 * into the default world (MockCore.loadScenario).
 */
export function readScenarioOption(book: ScenarioBook, fileOrName: string): { scenario: Scenario; source: string } {
  const source = book.resolve(fileOrName);
  return { scenario: book.readFile(source), source };
}

/** The banner's lines for a loaded scenario: every member with its session token. */
export function describeLoadedScenario(loaded: LoadedScenario, origin: string, control: boolean): string {
  const lines = [`  scenario "${loaded.name}" loaded:`];
  for (const session of loaded.sessions) {
    lines.push(
      `    ${session.key}: session ${session.sessionId}${session.passwordProtected ? ' (password)' : ''}, ` +
        `expires ${new Date(session.expiry * 1000).toISOString()}`,
    );
    for (const member of session.members) {
      lines.push(
        `      ${member.role.padEnd(5)} ${member.state.padEnd(6)} ${member.name} (${member.wallet}) ` +
          `session token: ${member.sessionToken}`,
      );
    }
  }
  lines.push(
    control
      ? `  every token, wallet tokens included: curl -s ${origin}/__mock/scenario`
      : '  wallet tokens: ' +
          loaded.wallets.map((wallet) => `${wallet.address} ${wallet.walletToken}`).join('\n                 '),
  );
  return lines.join('\n');
}
