/**
 * The `core` level's effect checks: each operation must do what it answers it did, seen
 * through the API itself (docs/rules.md §2 to §5 and the operations' descriptions in
 * spec/session-api.yaml). A stateless server that answers every request with a fixed
 * example passes none of these. Where docs/rules.md §2 to §5 fix no status for a refusal,
 * any 4xx the spec documents counts (`expectRefused`); the strict checks of each operation's
 * own file keep the exact statuses of docs/rules.md §16.
 */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { CreateSessionBody } from '../client/index.ts';
import type { Api, Member, SessionHandle } from './fixtures.ts';
import { describe, test } from './fixtures.ts';
import { expectBetween, expectDifferent, expectListed, expectSame, expectUnlisted } from './verdicts.ts';

type User = { id: string; role: string; name: string; address: string };
type RulesShown = { maxUsers: number; passwordProtected: boolean; whiteListAddresses: string[]; expiry: number };
type CreateData = {
  sessionId: string;
  expiresIn: number;
  credentials: { token: string; id: string; pseudonym: string; role: string };
  rules: RulesShown;
};
type JoinData = CreateData & { users: User[] };
type SessionData = RulesShown & { id: string; creatorId: string; users: User[] };

const core = { tags: ['core'] };
const lower = (addresses: readonly string[]) => addresses.map((address) => address.toLowerCase()).sort();
const idsOf = (users: readonly User[]) => users.map((user) => user.id).sort();

/** The session as `token` reads it; the read itself must succeed. */
async function read(api: Api, token: string, who: string): Promise<SessionData> {
  return api.expectStatus(
    await api.client.getCurrentSession(token),
    200,
    `${who} reads the session with its session token (docs/rules.md §5)`,
  ).json as SessionData;
}

// ---------------------------------------------------------------------------------------------
// The rules and identity given at create, as create, current and join show them.

interface Variant {
  label: string;
  /** The create body; `joiner` is the wallet that will join (so a whitelist can name it). */
  body(joiner: string): CreateSessionBody;
  /** What the answers must show. */
  shows: {
    maxUsers?: number;
    passwordProtected?: boolean;
    /** Whitelisted addresses, compared without regard to case. */
    listed?(joiner: string): string[];
    expiresIn?: number;
    name?: string;
    address?: string;
  };
  /** The password a joiner gives. */
  password?: string;
}

const listedElsewhere = '0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF';
const shownAddress = privateKeyToAccount(generatePrivateKey()).address;
const longPassword = 'p'.repeat(256);

const variants: Variant[] = [
  {
    label: 'the default rules',
    body: () => ({}),
    shows: { maxUsers: 10, passwordProtected: false, listed: () => [], expiresIn: 3600 },
  },
  { label: 'a userCapacity of 2', body: () => ({ rules: { userCapacity: 2 } }), shows: { maxUsers: 2 } },
  { label: 'a userCapacity of 7', body: () => ({ rules: { userCapacity: 7 } }), shows: { maxUsers: 7 } },
  {
    label: 'the largest userCapacity, 1000',
    body: () => ({ rules: { userCapacity: 1000 } }),
    shows: { maxUsers: 1000 },
  },
  {
    label: 'the shortest expiryDurationInSeconds, 60',
    body: () => ({ rules: { expiryDurationInSeconds: 60 } }),
    shows: { expiresIn: 60 },
  },
  {
    label: 'an expiryDurationInSeconds of 7200',
    body: () => ({ rules: { expiryDurationInSeconds: 7200 } }),
    shows: { expiresIn: 7200 },
  },
  {
    label: 'the longest expiryDurationInSeconds, 604800',
    body: () => ({ rules: { expiryDurationInSeconds: 604800 } }),
    shows: { expiresIn: 604800 },
  },
  {
    label: 'a password',
    body: () => ({ rules: { password: 'correct horse battery staple' } }),
    shows: { passwordProtected: true },
    password: 'correct horse battery staple',
  },
  {
    label: 'a one-character password',
    body: () => ({ rules: { password: 'x' } }),
    shows: { passwordProtected: true },
    password: 'x',
  },
  {
    label: 'a password of 256 characters',
    body: () => ({ rules: { password: longPassword } }),
    shows: { passwordProtected: true },
    password: longPassword,
  },
  {
    label: 'the deprecated top-level password',
    body: () => ({ password: 'top-level secret' }),
    shows: { passwordProtected: true },
    password: 'top-level secret',
  },
  {
    label: 'an enforced whitelist',
    body: (joiner) => ({
      rules: {
        allowOnlyWhitelistedAddresses: true,
        whiteListAddresses: [{ address: joiner }, { address: listedElsewhere, chain: 'Ethereum' }],
      },
    }),
    shows: { listed: (joiner) => [joiner, listedElsewhere] },
  },
  {
    label: 'a whitelist that is not enforced',
    body: () => ({ rules: { whiteListAddresses: [{ address: listedElsewhere }] } }),
    shows: { listed: () => [listedElsewhere] },
  },
  {
    label: 'the deprecated top-level whitelist',
    body: (joiner) => ({ whiteListAddresses: [joiner] }),
    shows: { listed: (joiner) => [joiner] },
  },
  {
    label: 'the name given in identity',
    body: () => ({ identity: { name: 'Grace Hopper' } }),
    shows: { name: 'Grace Hopper' },
  },
  {
    label: 'the address given in identity',
    body: () => ({ identity: { chainAddress: shownAddress } }),
    shows: { address: shownAddress },
  },
];

const createdRule = 'create answers the session it made with the rules and identity it was given (docs/rules.md §5)';

/** Checks the fields of `variant.shows` that `shown` can show. */
function expectShown(
  shown: { rules?: Partial<RulesShown>; expiresIn?: number; host?: Partial<User>; pseudonym?: string },
  variant: Variant,
  joiner: string,
  view: string,
): void {
  const { shows } = variant;
  if (shows.maxUsers !== undefined)
    expectSame(shown.rules?.maxUsers, shows.maxUsers, `maxUsers in ${view}`, createdRule);
  if (shows.passwordProtected !== undefined)
    expectSame(shown.rules?.passwordProtected, shows.passwordProtected, `passwordProtected in ${view}`, createdRule);
  if (shows.listed)
    expectSame(
      lower(shown.rules?.whiteListAddresses ?? []),
      lower(shows.listed(joiner)),
      `whiteListAddresses in ${view} (any letter case)`,
      createdRule,
    );
  if (shows.expiresIn !== undefined && shown.expiresIn !== undefined)
    expectBetween(shown.expiresIn, shows.expiresIn - 10, shows.expiresIn, `expiresIn in ${view}`, createdRule);
  if (shows.name !== undefined) {
    if (shown.pseudonym !== undefined) expectSame(shown.pseudonym, shows.name, `the pseudonym in ${view}`, createdRule);
    if (shown.host) expectSame(shown.host.name, shows.name, `the host's name in ${view}`, createdRule);
  }
  if (shows.address !== undefined && shown.host)
    expectSame(
      shown.host.address?.toLowerCase(),
      shows.address.toLowerCase(),
      `the host's address in ${view}`,
      createdRule,
    );
}

async function createVariant(api: Api, variant: Variant, joiner: string): Promise<{ data: CreateData; token: string }> {
  const token = await api.walletToken();
  const data = api.expectStatus(await api.client.createSession(token, variant.body(joiner)), 200, createdRule)
    .json as CreateData;
  return { data, token };
}

/** Deletes a session made without api.create (so without the fixture's cleanup). */
async function remove(api: Api, token: string): Promise<void> {
  await api.client.deleteCurrentSession(token);
}

describe('POST /session', () => {
  test.for(variants.filter((variant) => !variant.shows.address))(
    'answers $label it was given',
    core,
    async (variant, { api }) => {
      const joiner = api.newAccount().address;
      const { data } = await createVariant(api, variant, joiner);
      try {
        expectSame(data.credentials.role, 'host', 'the role in the create answer', createdRule);
        expectShown(
          { rules: data.rules, expiresIn: data.expiresIn, pseudonym: data.credentials.pseudonym },
          variant,
          joiner,
          'the create answer',
        );
      } finally {
        await remove(api, data.credentials.token);
      }
    },
  );
});

describe('GET /session/current', () => {
  test.for(variants)('reads back $label a session was created with', core, async (variant, { api }) => {
    const joiner = api.newAccount().address;
    const { data } = await createVariant(api, variant, joiner);
    try {
      const session = await read(api, data.credentials.token, 'the host');
      const readRule = 'current answers the session of the token, as it was created (docs/rules.md §5)';
      expectSame(session.id, data.sessionId, 'the id current answers', readRule);
      expectSame(session.creatorId, data.credentials.id, 'creatorId', readRule);
      expectSame(session.expiry, data.rules.expiry, 'expiry', readRule);
      expectSame(idsOf(session.users), [data.credentials.id], 'the members of a new session', readRule);
      expectShown({ rules: session, host: session.users[0] }, variant, joiner, 'the session current reads');
      if (variant.shows.expiresIn !== undefined) {
        // The server's clock at create is expiry - expiresIn (docs/rules.md §12); ours is never compared.
        const created = data.rules.expiry - data.expiresIn;
        expectBetween(
          session.expiry - created,
          variant.shows.expiresIn - 10,
          variant.shows.expiresIn,
          'the seconds from create to the expiry current reads',
          readRule,
        );
      }
    } finally {
      await remove(api, data.credentials.token);
    }
  });
});

describe('POST /session/join', () => {
  test.for(variants)('answers $label of the session it joins', core, async (variant, { api }) => {
    const joiner = api.newAccount();
    const { data } = await createVariant(api, variant, joiner.address);
    try {
      const token = await api.walletToken(joiner);
      const body = { sessionId: data.sessionId, ...(variant.password ? { password: variant.password } : {}) };
      const joined = api.expectStatus(
        await api.client.joinSession(token, body),
        200,
        'a wallet the rules admit joins (docs/rules.md §5)',
      ).json as JoinData;
      const joinRule = 'join answers the session it joined, its rules and its members (docs/rules.md §5)';
      expectSame(joined.sessionId, data.sessionId, 'the sessionId the join answers', joinRule);
      expectSame(joined.rules.expiry, data.rules.expiry, 'expiry in the join answer', joinRule);
      expectBetween(joined.expiresIn, 0, data.expiresIn, 'expiresIn in the join answer (never more than at create)');
      expectSame(
        idsOf(joined.users),
        [data.credentials.id, joined.credentials.id].sort(),
        'the members the join answers',
        joinRule,
      );
      const host = joined.users.find((user) => user.id === data.credentials.id);
      const { expiresIn: _left, ...shows } = variant.shows;
      expectShown({ rules: joined.rules, host }, { ...variant, shows }, joiner.address, 'the join answer');
      if (variant.shows.expiresIn !== undefined)
        expectBetween(
          joined.expiresIn,
          variant.shows.expiresIn - 10,
          variant.shows.expiresIn,
          'expiresIn in the join answer',
          joinRule,
        );
    } finally {
      await remove(api, data.credentials.token);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Joins the rules refuse, and the members they leave.

const refusedJoinRule =
  'a join the session rules forbid is refused with a documented 4xx and adds no member (docs/rules.md §5; ' +
  'the exact statuses are docs/rules.md §16)';

async function expectMembers(api: Api, session: SessionHandle, members: readonly Member[], when: string) {
  const users = (await read(api, session.host.token, 'the host')).users;
  expectSame(
    idsOf(users),
    [session.host.userId, ...members.map((member) => member.userId)].sort(),
    `the members ${when}`,
    refusedJoinRule,
  );
}

describe('POST /session/join', () => {
  test.for([1, 2, 3])(
    'admits userCapacity - 1 wallets to a session of capacity %i, then refuses the next',
    core,
    async (capacity, { api }) => {
      const session = await api.create({ rules: { userCapacity: capacity } });
      const members: Member[] = [];
      for (let n = 1; n < capacity; n++) members.push(await api.join(session.sessionId));
      const token = await api.walletToken();
      api.expectRefused(
        await api.client.joinSession(token, { sessionId: session.sessionId }),
        `join: a session with ${capacity} of ${capacity} places taken is full (docs/rules.md §11)`,
      );
      await expectMembers(api, session, members, 'after a join to a full session');
    },
  );

  test.for([
    { label: 'no password', given: undefined },
    { label: 'a wrong password', given: 'wrong' },
  ])('refuses $label to a password-protected session and adds no member', core, async ({ given }, { api }) => {
    const session = await api.create({ rules: { password: 'open sesame' } });
    const token = await api.walletToken();
    api.expectRefused(
      await api.client.joinSession(token, {
        sessionId: session.sessionId,
        ...(given === undefined ? {} : { password: given }),
      }),
      'join: a protected session needs its password (docs/rules.md §9)',
    );
    await expectMembers(api, session, [], 'after a join without the right password');
  });

  test('admits the right password and lists the new member', core, async ({ api }) => {
    const session = await api.create({ rules: { password: 'open sesame' } });
    const guest = await api.join(session.sessionId, { password: 'open sesame' });
    await expectMembers(api, session, [guest], 'after a join with the right password');
  });

  test('refuses a wrong password to a session with the deprecated top-level password', core, async ({ api }) => {
    const session = await api.create({ password: 'open sesame' });
    const token = await api.walletToken();
    api.expectRefused(
      await api.client.joinSession(token, { sessionId: session.sessionId, password: 'wrong' }),
      'join: the deprecated top-level password protects the session too (docs/rules.md §7)',
    );
    await expectMembers(api, session, [], 'after a join with a wrong password');
  });

  test.for([
    { label: 'an enforced whitelist', deprecated: false },
    { label: 'the deprecated top-level whitelist', deprecated: true },
  ])('refuses a wallet off $label and adds no member', core, async ({ deprecated }, { api }) => {
    const listed = api.newAccount().address;
    const session = await api.create(
      deprecated
        ? { whiteListAddresses: [listed] }
        : { rules: { allowOnlyWhitelistedAddresses: true, whiteListAddresses: [{ address: listed }] } },
    );
    const token = await api.walletToken();
    api.expectRefused(
      await api.client.joinSession(token, { sessionId: session.sessionId }),
      'join: a wallet off an enforced whitelist may not join (docs/rules.md §8)',
    );
    await expectMembers(api, session, [], 'after a join from a wallet off the whitelist');
  });

  test('admits a wallet on an enforced whitelist and lists it', core, async ({ api }) => {
    const listed = api.newAccount();
    const session = await api.create({
      rules: { allowOnlyWhitelistedAddresses: true, whiteListAddresses: [{ address: listed.address }] },
    });
    const guest = await api.join(session.sessionId, { account: listed });
    await expectMembers(api, session, [guest], 'after a join from a whitelisted wallet');
  });
});

// ---------------------------------------------------------------------------------------------
// The members list follows every join, kick and disconnect.

const membersRule =
  'users lists the current members: a join adds one, a kick or a disconnect removes one (docs/rules.md §6)';

async function memberIds(api: Api, token: string, who: string): Promise<string[]> {
  return idsOf((await read(api, token, who)).users);
}

describe('POST /session/join', () => {
  test.for([
    { label: 'the host', observer: 'host' },
    { label: 'the joiner itself', observer: 'joiner' },
    { label: 'a guest who joined earlier', observer: 'earlier' },
  ] as const)('lists the new member for $label', core, async ({ observer }, { api }) => {
    const session = await api.create();
    const earlier = await api.join(session.sessionId);
    const joiner = await api.join(session.sessionId);
    const token = { host: session.host, joiner, earlier }[observer].token;
    expectSame(
      await memberIds(api, token, observer),
      [session.host.userId, earlier.userId, joiner.userId].sort(),
      `the members ${observer} sees after two joins`,
      membersRule,
    );
  });

  test('raises the member count by one with each join', core, async ({ api }) => {
    const session = await api.create();
    for (let joined = 1; joined <= 3; joined++) {
      await api.join(session.sessionId);
      expectSame(
        (await memberIds(api, session.host.token, 'the host')).length,
        joined + 1,
        `the member count after ${joined} join(s)`,
        membersRule,
      );
    }
  });
});

describe('POST /session/current/kick', () => {
  test.for([
    { label: 'the host', observer: 'host' },
    { label: 'a remaining guest', observer: 'witness' },
  ] as const)('removes the kicked member from the members $label sees', core, async ({ observer }, { api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    const witness = await api.join(session.sessionId);
    const token = observer === 'host' ? session.host.token : witness.token;
    expectListed(await memberIds(api, token, observer), guest.userId, 'the members before the kick', membersRule);
    api.expectStatus(await api.client.kickUser(session.host.token, guest.userId), 200, 'the host kicks a guest');
    expectUnlisted(await memberIds(api, token, observer), guest.userId, 'the members after the kick', membersRule);
  });

  test('leaves every other member in place', core, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    const witness = await api.join(session.sessionId);
    api.expectStatus(await api.client.kickUser(session.host.token, guest.userId), 200, 'the host kicks a guest');
    expectSame(
      await memberIds(api, witness.token, 'the remaining guest'),
      [session.host.userId, witness.userId].sort(),
      'the members after one guest was kicked',
      membersRule,
    );
  });
});

describe('POST /session/disconnect', () => {
  test.for([
    { label: 'the host sees', leaver: 'guest', observer: 'host' },
    { label: 'another guest sees', leaver: 'guest', observer: 'witness' },
    { label: 'the guests see, when the host leaves', leaver: 'host', observer: 'witness' },
  ] as const)('removes the caller from the members $label', core, async ({ leaver, observer }, { api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    const witness = await api.join(session.sessionId);
    const leaving = leaver === 'host' ? session.host : guest;
    const token = observer === 'host' ? session.host.token : witness.token;
    expectListed(await memberIds(api, token, observer), leaving.userId, 'the members before the disconnect');
    api.expectStatus(await api.client.disconnect(leaving.token), 200, `the ${leaver} disconnects`);
    expectUnlisted(
      await memberIds(api, token, observer),
      leaving.userId,
      'the members after the disconnect',
      membersRule,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// A token whose membership ended no longer works, on any operation.

interface Ending {
  label: string;
  /** Ends a membership; answers the token that no longer works. */
  end(api: Api, session: SessionHandle, guest: Member): Promise<string>;
}

const endings: Ending[] = [
  {
    label: 'a kicked guest',
    async end(api, session, guest) {
      api.expectStatus(await api.client.kickUser(session.host.token, guest.userId), 200, 'the host kicks the guest');
      return guest.token;
    },
  },
  {
    label: 'a guest who disconnected',
    async end(api, _session, guest) {
      api.expectStatus(await api.client.disconnect(guest.token), 200, 'the guest disconnects');
      return guest.token;
    },
  },
  {
    label: 'a host who disconnected',
    async end(api, session) {
      api.expectStatus(await api.client.disconnect(session.host.token), 200, 'the host disconnects');
      return session.host.token;
    },
  },
  {
    label: 'the host of a deleted session',
    async end(api, session) {
      api.expectStatus(await api.client.deleteCurrentSession(session.host.token), 200, 'the host deletes the session');
      return session.host.token;
    },
  },
  {
    label: 'a guest of a deleted session',
    async end(api, session, guest) {
      api.expectStatus(await api.client.deleteCurrentSession(session.host.token), 200, 'the host deletes the session');
      return guest.token;
    },
  },
];

const sessionOperations: {
  name: string;
  call(api: Api, token: string, witness: Member): Promise<{ response: Response }>;
}[] = [
  { name: 'GET /session/current', call: (api, token) => api.client.getCurrentSession(token) },
  { name: 'POST /session/current/kick', call: (api, token, witness) => api.client.kickUser(token, witness.userId) },
  { name: 'POST /session/disconnect', call: (api, token) => api.client.disconnect(token) },
  { name: 'DELETE /session/current', call: (api, token) => api.client.deleteCurrentSession(token) },
];

for (const operation of sessionOperations) {
  describe(operation.name, () => {
    test.for(endings)('refuses the token of $label', core, async (ending, { api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      const witness = await api.join(session.sessionId);
      const token = await ending.end(api, session, guest);
      api.expectRefused(
        await operation.call(api, token, witness),
        "after a kick or a disconnect the member's token no longer works, and after a delete no member can " +
          'use the session (docs/rules.md §5; the exact statuses, 401 and 404, are §13 and §16)',
      );
    });
  });
}

describe('POST /session/join', () => {
  test('refuses to join a deleted session', core, async ({ api }) => {
    const session = await api.create();
    api.expectStatus(await api.client.deleteCurrentSession(session.host.token), 200, 'the host deletes the session');
    const token = await api.walletToken();
    api.expectRefused(
      await api.client.joinSession(token, { sessionId: session.sessionId }),
      'a deleted session cannot be joined (docs/rules.md §5: join 404)',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Each session is its own: an operation acts on the session of its token only.

const ownRule = 'a session token acts on its own session only (docs/rules.md §3 and §5)';

describe('POST /session', () => {
  test('answers a new session id, user id and token on every create', core, async ({ api }) => {
    const first = await api.create();
    const second = await api.create();
    const rule = 'every create makes a new session with a new host (docs/rules.md §5)';
    expectDifferent(second.sessionId, first.sessionId, 'the session id of a second create', rule);
    expectDifferent(second.host.userId, first.host.userId, 'the host id of a second create', rule);
    expectDifferent(second.host.token, first.host.token, 'the session token of a second create', rule);
  });
});

describe('POST /session/join', () => {
  test('gives each joining wallet its own user id and token', core, async ({ api }) => {
    const session = await api.create();
    const first = await api.join(session.sessionId);
    const second = await api.join(session.sessionId);
    const rule = 'each wallet that joins is a member of its own (docs/rules.md §5)';
    expectDifferent(second.userId, first.userId, "the second joiner's user id", rule);
    expectDifferent(second.token, first.token, "the second joiner's session token", rule);
    expectDifferent(first.userId, session.host.userId, "a joiner's user id beside the host's", rule);
  });
});

describe('GET /session/current', () => {
  test('reads the session of its own token, not another', core, async ({ api }) => {
    const mine = await api.create();
    const theirs = await api.create();
    const minePart = await read(api, mine.host.token, 'the first host');
    const theirsPart = await read(api, theirs.host.token, 'the second host');
    expectSame(minePart.id, mine.sessionId, 'the session the first host reads', ownRule);
    expectSame(theirsPart.id, theirs.sessionId, 'the session the second host reads', ownRule);
    expectDifferent(mine.sessionId, theirs.sessionId, 'the ids of two sessions', 'every create makes a new session');
  });
});

describe('POST /session/join', () => {
  test('adds the joiner to the session it names only', core, async ({ api }) => {
    const mine = await api.create();
    const theirs = await api.create();
    const guest = await api.join(mine.sessionId);
    expectListed(await memberIds(api, mine.host.token, 'the host'), guest.userId, 'the members of the joined session');
    expectSame(
      await memberIds(api, theirs.host.token, 'the other host'),
      [theirs.host.userId],
      'the members of another session',
      ownRule,
    );
  });
});

describe('POST /session/current/kick', () => {
  test('refuses to kick a member of another session, who stays', core, async ({ api }) => {
    const mine = await api.create();
    const theirs = await api.create();
    const stranger = await api.join(theirs.sessionId);
    api.expectRefused(await api.client.kickUser(mine.host.token, stranger.userId), ownRule);
    expectListed(
      await memberIds(api, theirs.host.token, 'the other host'),
      stranger.userId,
      'the members of the other session',
      ownRule,
    );
  });
});

describe('POST /session/disconnect', () => {
  test("ends the caller's membership in its own session only", core, async ({ api }) => {
    const mine = await api.create();
    const theirs = await api.create();
    const wallet = api.newAccount();
    const here = await api.join(mine.sessionId, { account: wallet });
    const there = await api.join(theirs.sessionId, { account: wallet });
    api.expectStatus(await api.client.disconnect(here.token), 200, 'the wallet leaves the first session');
    expectListed(
      await memberIds(api, there.token, 'the same wallet in the other session'),
      there.userId,
      'the members of the other session',
      ownRule,
    );
  });
});

describe('DELETE /session/current', () => {
  test('deletes its own session only', core, async ({ api }) => {
    const mine = await api.create();
    const theirs = await api.create();
    const guest = await api.join(mine.sessionId);
    const other = await api.join(theirs.sessionId);
    api.expectStatus(await api.client.deleteCurrentSession(mine.host.token), 200, 'the host deletes its session');
    api.expectRefused(
      await api.client.getCurrentSession(guest.token),
      'after a delete no member can read the session (docs/rules.md §5: current 404)',
    );
    expectListed(
      await memberIds(api, other.token, 'a member of the other session'),
      other.userId,
      'the members of the other session',
      ownRule,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The wallet proof: a signed nonce gives a token that works, and only once.

const proofRule = 'a nonce message can be verified once, and only with a signature of that message (docs/rules.md §4)';

describe('POST /wallet-proof/verify', () => {
  test('answers a wallet token that creates a session and joins one', core, async ({ api }) => {
    const session = await api.create();
    await api.join(session.sessionId);
  });

  test('answers two wallets two different tokens', core, async ({ api }) => {
    const first = await api.walletToken();
    const second = await api.walletToken();
    expectDifferent(
      second,
      first,
      'the wallet token of a second wallet',
      'a wallet token proves one wallet (docs/rules.md §4)',
    );
  });

  test('refuses a message already verified, also when another wallet signs it', core, async ({ api }) => {
    const first = api.newAccount();
    const second = api.newAccount();
    const nonce = api.expectStatus(await api.client.getNonce(), 200, 'nonce').json as { message: string };
    const proof = async (account: typeof first) => ({
      walletAddress: account.address,
      message: nonce.message,
      signature: await account.signMessage({ message: nonce.message }),
    });
    api.expectStatus(await api.client.verifyWalletProof(await proof(first)), 200, 'the first proof of a message');
    api.expectStatus(await api.client.verifyWalletProof(await proof(second)), 400, proofRule);
  });

  test('refuses a signature of another issued message', core, async ({ api }) => {
    const account = api.newAccount();
    const signed = api.expectStatus(await api.client.getNonce(), 200, 'nonce').json as { message: string };
    const sent = api.expectStatus(await api.client.getNonce(), 200, 'nonce').json as { message: string };
    const signature = await account.signMessage({ message: signed.message });
    api.expectStatus(
      await api.client.verifyWalletProof({ walletAddress: account.address, message: sent.message, signature }),
      400,
      proofRule,
    );
  });
});
