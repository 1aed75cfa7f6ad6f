/**
 * A reference model of the session lifecycle (docs/rules.md §6 to §17) and the
 * commands fast-check runs against the server and the model side by side.
 * Every answer is compared with the model's; a difference fails the run and
 * fast-check shrinks it to a minimal command sequence.
 */
import fc from 'fast-check';
import type { PrivateKeyAccount } from 'viem/accounts';
import type { Api } from './fixtures.ts';
import type { ControlPlane } from './control-plane.ts';

interface ModelMember {
  userId: string;
  role: 'host' | 'guest';
  active: boolean;
  kicked: boolean;
}

interface ModelSession {
  id: string;
  expiry: number;
  capacity: number;
  deleted: boolean;
  creator: number;
  members: Map<number, ModelMember>;
}

interface ModelToken {
  session: number;
  wallet: number;
  token: string;
  revoked: boolean;
}

export interface LifecycleModel {
  sessions: ModelSession[];
  tokens: ModelToken[];
  /** Virtual time (seconds) when last read from the server, and the real time of that reading. */
  syncedNow: number;
  syncedAt: number;
}

export interface LifecycleReal {
  /** The commands of the current run as executed, picks resolved. */
  trace: string[];
  api: Api;
  control: ControlPlane;
  accounts: PrivateKeyAccount[];
}

/** Keeps the model's idea of time away from an expiry, where a second of drift could flip an answer. */
const MARGIN = 10;

function now(model: LifecycleModel): number {
  return model.syncedNow + (Date.now() - model.syncedAt) / 1000;
}

function gone(model: LifecycleModel, session: ModelSession): boolean {
  return session.deleted || now(model) >= session.expiry;
}

function tokenExpired(model: LifecycleModel, session: ModelSession): boolean {
  return now(model) >= session.expiry + 3600;
}

const rule = (text: string) => `lifecycle model: ${text} (docs/rules.md §6 to §17)`;

/** What a session-token operation answers before its own logic: 401, 404, or undefined to go on. */
function gate(model: LifecycleModel, token: ModelToken): 401 | 404 | undefined {
  const session = model.sessions[token.session]!;
  if (token.revoked || tokenExpired(model, session)) return 401;
  if (gone(model, session)) return 404;
  return undefined;
}

function revokeAll(model: LifecycleModel, session: number, wallet: number): void {
  for (const token of model.tokens) if (token.session === session && token.wallet === wallet) token.revoked = true;
}

abstract class Command implements fc.AsyncCommand<LifecycleModel, LifecycleReal> {
  /** What the picks resolved to in the run that was reported, for a readable counterexample. */
  protected resolved = '';
  check(_model: Readonly<LifecycleModel>): boolean {
    return true;
  }
  async run(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    try {
      await this.exec(model, real);
    } finally {
      // Read right after this run resolved its picks: the trace of the last failing run is the
      // counterexample as executed.
      real.trace.push(this.toString());
    }
  }
  protected abstract exec(model: LifecycleModel, real: LifecycleReal): Promise<void>;
  abstract toString(): string;
}

class Create extends Command {
  constructor(
    readonly wallet: number,
    readonly capacity: number,
    readonly duration: number,
  ) {
    super();
  }
  protected async exec(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    const token = await real.api.walletToken(real.accounts[this.wallet]);
    const result = await real.api.client.createSession(token, {
      rules: { userCapacity: this.capacity, expiryDurationInSeconds: this.duration },
    });
    const data = real.api.expectStatus(result, 200, rule('create succeeds')).json as {
      sessionId: string;
      expiresIn: number;
      credentials: { token: string; id: string; role: string };
      rules: { expiry: number };
    };
    if (data.credentials.role !== 'host')
      throw new Error(`${this.toString()}: role ${data.credentials.role}, expected host`);
    if (data.expiresIn > this.duration || data.expiresIn < this.duration - 5)
      throw new Error(`${this.toString()}: expiresIn ${data.expiresIn}, expected ${this.duration}`);
    // The server's clock, not ours, decides expiry: expiry - expiresIn is its "now".
    model.syncedNow = data.rules.expiry - data.expiresIn;
    model.syncedAt = Date.now();
    model.sessions.push({
      id: data.sessionId,
      expiry: data.rules.expiry,
      capacity: this.capacity,
      deleted: false,
      creator: this.wallet,
      members: new Map([[this.wallet, { userId: data.credentials.id, role: 'host', active: true, kicked: false }]]),
    });
    model.tokens.push({
      session: model.sessions.length - 1,
      wallet: this.wallet,
      token: data.credentials.token,
      revoked: false,
    });
  }
  toString(): string {
    return `Create(wallet ${this.wallet}, capacity ${this.capacity}, ${this.duration} s)`;
  }
}

class Join extends Command {
  constructor(
    readonly wallet: number,
    readonly pick: number,
  ) {
    super();
  }
  override check(model: Readonly<LifecycleModel>): boolean {
    return model.sessions.length > 0;
  }
  protected async exec(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    const index = this.pick % model.sessions.length;
    const session = model.sessions[index]!;
    this.resolved = `session ${index}`;
    const token = await real.api.walletToken(real.accounts[this.wallet]);
    const result = await real.api.client.joinSession(token, { sessionId: session.id });
    const member = session.members.get(this.wallet);
    const active = [...session.members.values()].filter((m) => m.active).length;
    let expected: number;
    if (gone(model, session)) expected = 404;
    else if (member?.kicked) expected = 403;
    else if (member?.active) expected = 200;
    else if (active >= session.capacity) expected = 409;
    else expected = 200;
    const checked = real.api.expectStatus(result, expected, rule(`join answers ${expected} here`));
    if (expected !== 200) return;
    const data = checked.json as { credentials: { token: string; id: string; role: string } };
    const role = this.wallet === session.creator ? 'host' : 'guest';
    if (data.credentials.role !== role)
      throw new Error(`${this.label(index)}: role ${data.credentials.role}, expected ${role}`);
    if (member && data.credentials.id !== member.userId)
      throw new Error(
        `${this.label(index)}: user id ${data.credentials.id}, expected the wallet's id ${member.userId} ` +
          `in this session`,
      );
    session.members.set(this.wallet, { userId: data.credentials.id, role, active: true, kicked: false });
    model.tokens.push({ session: index, wallet: this.wallet, token: data.credentials.token, revoked: false });
  }
  private label(index: number): string {
    return `Join(wallet ${this.wallet}, session ${index})`;
  }
  toString(): string {
    return `Join(wallet ${this.wallet}, ${this.resolved || `session pick ${this.pick}`})`;
  }
}

abstract class TokenCommand extends Command {
  constructor(readonly pick: number) {
    super();
  }
  override check(model: Readonly<LifecycleModel>): boolean {
    return model.tokens.length > 0;
  }
  protected token(model: LifecycleModel): ModelToken {
    const index = this.pick % model.tokens.length;
    const token = model.tokens[index]!;
    this.resolved = `token ${index}: wallet ${token.wallet} in session ${token.session}`;
    return token;
  }
  protected describe(name: string, extra = ''): string {
    return `${name}(${this.resolved || `token pick ${this.pick}`}${extra})`;
  }
}

class Current extends TokenCommand {
  protected async exec(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    const token = this.token(model);
    const session = model.sessions[token.session]!;
    const expected = gate(model, token) ?? 200;
    const checked = real.api.expectStatus(
      await real.api.client.getCurrentSession(token.token),
      expected,
      rule(`current answers ${expected} here`),
    );
    if (expected !== 200) return;
    const users = (checked.json as { users: { id: string; role: string }[] }).users
      .map((user) => `${user.id}:${user.role}`)
      .sort();
    const members = [...session.members.values()]
      .filter((m) => m.active)
      .map((m) => `${m.userId}:${m.role}`)
      .sort();
    if (JSON.stringify(users) !== JSON.stringify(members))
      throw new Error(`${this.toString()}: users ${JSON.stringify(users)}, expected ${JSON.stringify(members)}`);
  }
  toString(): string {
    return this.describe('Current');
  }
}

class Kick extends TokenCommand {
  private targetLabel = '';
  constructor(
    pick: number,
    readonly target: number,
  ) {
    super(pick);
  }
  protected async exec(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    const token = this.token(model);
    const session = model.sessions[token.session]!;
    const caller = session.members.get(token.wallet)!;
    // Pick among the session's members (past ones included) and one stranger, so that real kicks happen often.
    const wallets = [...session.members.keys()];
    const targetWallet = wallets[this.target % (wallets.length + 1)];
    const target = targetWallet === undefined ? undefined : session.members.get(targetWallet);
    const userId = target?.userId ?? 'not-a-member';
    this.targetLabel = targetWallet === undefined ? 'a non-member' : `wallet ${targetWallet}`;
    let expected = gate(model, token);
    if (expected === undefined) {
      if (caller.role !== 'host') expected = 403 as never;
      else if (!target?.active) expected = 404;
      else if (targetWallet === token.wallet) expected = 422 as never;
      else expected = 200 as never;
    }
    real.api.expectStatus(
      await real.api.client.kickUser(token.token, userId),
      expected,
      rule(`kick answers ${expected} here`),
    );
    if ((expected as number) !== 200) return;
    target!.active = false;
    target!.kicked = true;
    revokeAll(model, token.session, targetWallet!);
  }
  toString(): string {
    return this.describe('Kick', `, target ${this.targetLabel || `pick ${this.target}`}`);
  }
}

class Disconnect extends TokenCommand {
  protected async exec(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    const token = this.token(model);
    const session = model.sessions[token.session]!;
    const expected = gate(model, token) ?? 200;
    real.api.expectStatus(
      await real.api.client.disconnect(token.token),
      expected,
      rule(`disconnect answers ${expected} here`),
    );
    if (expected !== 200) return;
    session.members.get(token.wallet)!.active = false;
    revokeAll(model, token.session, token.wallet);
  }
  toString(): string {
    return this.describe('Disconnect');
  }
}

class Delete extends TokenCommand {
  protected async exec(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    const token = this.token(model);
    const session = model.sessions[token.session]!;
    const expected = gate(model, token) ?? (session.members.get(token.wallet)!.role === 'host' ? 200 : 403);
    real.api.expectStatus(
      await real.api.client.deleteCurrentSession(token.token),
      expected,
      rule(`delete answers ${expected} here`),
    );
    if (expected === 200) session.deleted = true;
  }
  toString(): string {
    return this.describe('Delete');
  }
}

class Advance extends Command {
  constructor(readonly seconds: number) {
    super();
  }
  protected async exec(model: LifecycleModel, real: LifecycleReal): Promise<void> {
    let seconds = this.seconds;
    const target = () => now(model) + seconds;
    const near = (t: number) =>
      model.sessions.some(
        (s) => !s.deleted && (Math.abs(t - s.expiry) < MARGIN || Math.abs(t - (s.expiry + 3600)) < MARGIN),
      );
    while (near(target())) seconds += MARGIN;
    this.resolved = `${seconds} s`;
    model.syncedNow = await real.control.advance(seconds);
    model.syncedAt = Date.now();
  }
  toString(): string {
    return `AdvanceClock(${this.resolved || `${this.seconds} s`})`;
  }
}

export function lifecycleCommands(
  wallets: number,
  withClock: boolean,
): fc.Arbitrary<fc.AsyncCommand<LifecycleModel, LifecycleReal>>[] {
  const wallet = fc.integer({ min: 0, max: wallets - 1 });
  const pick = fc.nat({ max: 50 });
  const durations = withClock ? [60, 600, 3600] : [3600];
  type Weighted = { arbitrary: fc.Arbitrary<fc.AsyncCommand<LifecycleModel, LifecycleReal>>; weight: number };
  // Weighted so that runs reach the interesting states (full sessions, kicks of members) often.
  const weighted: Weighted[] = [
    {
      weight: 2,
      arbitrary: fc
        .tuple(wallet, fc.integer({ min: 1, max: 3 }), fc.constantFrom(...durations))
        .map(([w, c, d]) => new Create(w, c, d)),
    },
    { weight: 5, arbitrary: fc.tuple(wallet, pick).map(([w, p]) => new Join(w, p)) },
    { weight: 2, arbitrary: pick.map((p) => new Current(p)) },
    { weight: 3, arbitrary: fc.tuple(pick, pick).map(([p, t]) => new Kick(p, t)) },
    { weight: 1, arbitrary: pick.map((p) => new Disconnect(p)) },
    { weight: 1, arbitrary: pick.map((p) => new Delete(p)) },
  ];
  if (withClock) weighted.push({ weight: 1, arbitrary: fc.constantFrom(30, 70, 700, 3700).map((s) => new Advance(s)) });
  const commands = [fc.oneof(...weighted)];
  return commands;
}

/** The sessions a run left alive, with the creator to delete each as. */
export function leftovers(model: LifecycleModel): { sessionId: string; creator: number; token: string | undefined }[] {
  return model.sessions
    .map((session, index) => ({ session, index }))
    .filter(({ session }) => !session.deleted)
    .map(({ session, index }) => ({
      sessionId: session.id,
      creator: session.creator,
      token: model.tokens.find((token) => token.session === index && token.wallet === session.creator && !token.revoked)
        ?.token,
    }));
}
