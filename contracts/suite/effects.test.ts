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
const longName = 'n'.repeat(64);
const threeListed = Array.from({ length: 3 }, () => privateKeyToAccount(generatePrivateKey()).address);

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
  { label: 'a userCapacity of 3', body: () => ({ rules: { userCapacity: 3 } }), shows: { maxUsers: 3 } },
  { label: 'a userCapacity of 50', body: () => ({ rules: { userCapacity: 50 } }), shows: { maxUsers: 50 } },
  { label: 'a userCapacity of 999', body: () => ({ rules: { userCapacity: 999 } }), shows: { maxUsers: 999 } },
  {
    label: 'an expiryDurationInSeconds of 300',
    body: () => ({ rules: { expiryDurationInSeconds: 300 } }),
    shows: { expiresIn: 300 },
  },
  {
    label: 'an expiryDurationInSeconds of 86400',
    body: () => ({ rules: { expiryDurationInSeconds: 86400 } }),
    shows: { expiresIn: 86400 },
  },
  {
    label: 'a userCapacity of 4 and a password',
    body: () => ({ rules: { userCapacity: 4, password: 'four of us' } }),
    shows: { maxUsers: 4, passwordProtected: true },
    password: 'four of us',
  },
  {
    label: 'a userCapacity of 5, an expiryDurationInSeconds of 900 and an enforced whitelist',
    body: (joiner) => ({
      rules: {
        userCapacity: 5,
        expiryDurationInSeconds: 900,
        allowOnlyWhitelistedAddresses: true,
        whiteListAddresses: [{ address: joiner }],
      },
    }),
    shows: { maxUsers: 5, expiresIn: 900, passwordProtected: false, listed: (joiner) => [joiner] },
  },
  {
    label: 'a whitelist of three addresses that is not enforced',
    body: () => ({ rules: { whiteListAddresses: threeListed.map((address) => ({ address })) } }),
    shows: { listed: () => threeListed },
  },
  {
    label: 'a name of 64 characters in identity',
    body: () => ({ identity: { name: longName } }),
    shows: { name: longName },
  },
  {
    label: 'a name and an address in identity',
    body: () => ({ identity: { name: 'Alan Turing', chainAddress: shownAddress } }),
    shows: { name: 'Alan Turing', address: shownAddress },
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
  test.for([1, 2, 3, 4, 5, 6])(
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

// ---------------------------------------------------------------------------------------------
// Exactly who is a member, at several sizes and after each way of leaving.

const idsOfMembers = (members: readonly Member[]) => members.map((member) => member.userId).sort();

describe('POST /session/join', () => {
  test.for([2, 3, 4, 5].map((joins) => ({ joins })))(
    'lists exactly the host and the $joins guests after $joins joins',
    core,
    async ({ joins }, { api }) => {
      const session = await api.create();
      const guests: Member[] = [];
      for (let n = 0; n < joins; n++) guests.push(await api.join(session.sessionId));
      expectSame(
        await memberIds(api, session.host.token, 'the host'),
        idsOfMembers([session.host, ...guests]),
        `the members after ${joins} joins`,
        membersRule,
      );
    },
  );
});

interface Departure {
  operation: string;
  verb: string;
  /** Ends `member`'s membership through the operation under test. */
  leave(api: Api, session: SessionHandle, member: Member): Promise<void>;
}

const departures: Departure[] = [
  {
    operation: 'POST /session/current/kick',
    verb: 'is kicked',
    async leave(api, session, member) {
      api.expectStatus(await api.client.kickUser(session.host.token, member.userId), 200, 'the host kicks a guest');
    },
  },
  {
    operation: 'POST /session/disconnect',
    verb: 'disconnects',
    async leave(api, _session, member) {
      api.expectStatus(await api.client.disconnect(member.token), 200, 'a guest disconnects');
    },
  },
];

const ordinals = ['first', 'second', 'third'] as const;

for (const departure of departures) {
  describe(departure.operation, () => {
    test.for(
      ordinals.flatMap((leaver, index) =>
        (['the host', 'a remaining guest'] as const).map((observer) => ({ leaver, index, observer })),
      ),
    )(
      `leaves exactly the host and the other two guests when the $leaver of three ${departure.verb}, as $observer sees`,
      core,
      async ({ index, observer }, { api }) => {
        const session = await api.create();
        const guests = [];
        for (let n = 0; n < 3; n++) guests.push(await api.join(session.sessionId));
        const [leaving] = guests.splice(index, 1);
        await departure.leave(api, session, leaving!);
        const token = observer === 'the host' ? session.host.token : guests[0]!.token;
        expectSame(
          await memberIds(api, token, observer),
          idsOfMembers([session.host, ...guests]),
          `the members after one guest of three ${departure.verb}`,
          membersRule,
        );
      },
    );

    test(
      `leaves one member fewer each time one of three guests ${departure.verb}, down to the host`,
      core,
      async ({ api }) => {
        const session = await api.create();
        const guests = [];
        for (let n = 0; n < 3; n++) guests.push(await api.join(session.sessionId));
        while (guests.length > 0) {
          await departure.leave(api, session, guests.shift()!);
          expectSame(
            await memberIds(api, session.host.token, 'the host'),
            idsOfMembers([session.host, ...guests]),
            `the members when ${guests.length} guest(s) are left`,
            membersRule,
          );
        }
      },
    );
  });
}

describe('POST /session/disconnect', () => {
  test('leaves exactly the guests when the host disconnects', core, async ({ api }) => {
    const session = await api.create();
    const guests = [await api.join(session.sessionId), await api.join(session.sessionId)];
    api.expectStatus(await api.client.disconnect(session.host.token), 200, 'the host disconnects');
    expectSame(
      await memberIds(api, guests[1]!.token, 'a guest'),
      idsOfMembers(guests),
      'the members after the host left',
      'the session carries on without its host, who is no longer listed (docs/rules.md §6)',
    );
  });
});

describe('GET /session/current', () => {
  test('shows each member with the address of the wallet it proved', core, async ({ api }) => {
    const session = await api.create();
    const guests = [await api.join(session.sessionId), await api.join(session.sessionId)];
    const users = (await read(api, guests[0]!.token, 'a guest')).users;
    for (const member of [session.host, ...guests])
      expectSame(
        users.find((user) => user.id === member.userId)?.address.toLowerCase(),
        member.account.address.toLowerCase(),
        `the address listed for ${member.role === 'host' ? 'the host' : 'a guest'} (any letter case)`,
        'without identity.chainAddress a member is shown with the wallet its token was proven for (docs/rules.md §6)',
      );
  });

  test.for([
    { label: "a guest's token", shared: false, hostElsewhere: false },
    { label: 'each token of a wallet that joined two sessions', shared: true, hostElsewhere: false },
    { label: 'the token of a host who joined another session as a guest', shared: false, hostElsewhere: true },
  ])('reads with $label the session joined, not another live one', core, async ({ shared, hostElsewhere }, { api }) => {
    const mine = await api.create();
    const theirs = await api.create();
    const wallet = hostElsewhere ? mine.host.account : api.newAccount();
    const here = hostElsewhere ? mine.host : await api.join(mine.sessionId, { account: wallet });
    const there = await api.join(theirs.sessionId, { account: shared || hostElsewhere ? wallet : undefined });
    for (const [member, session] of [
      [here, mine],
      [there, theirs],
    ] as const) {
      const shown = await read(api, member.token, 'the member');
      expectSame(shown.id, session.sessionId, 'the session the token reads', ownRule);
      expectListed(idsOf(shown.users), member.userId, 'the members of the session the token reads', ownRule);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The wallet proof: every nonce is new, and only an issued message, unchanged, proves a wallet.

describe('GET /wallet-proof/nonce', () => {
  const nonceRule = 'each nonce message is single-use, so no two answers give the same one (docs/rules.md §4)';

  test('answers a different nonce number on each of three calls', core, async ({ api }) => {
    const nonces: number[] = [];
    for (let n = 0; n < 3; n++)
      nonces.push((api.expectStatus(await api.client.getNonce(), 200, 'nonce').json as { nonce: number }).nonce);
    expectSame(new Set(nonces).size, 3, `the distinct nonces among ${nonces.join(', ')}`, nonceRule);
  });

  test('answers five different messages to five calls made at once', core, async ({ api }) => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => api.client.getNonce()));
    const messages = answers.map(
      (answer) => (api.expectStatus(answer, 200, 'nonce').json as { message: string }).message,
    );
    expectSame(new Set(messages).size, 5, 'the distinct messages of five nonces asked at once', nonceRule);
  });
});

describe('POST /wallet-proof/verify', () => {
  test.for([
    {
      label: 'a message it never issued',
      forge: () => `Sign this message to prove you own this wallet.\nNonce: ${Date.now()}`,
    },
    { label: 'an issued message with text added at the end', forge: (issued: string) => `${issued} (changed)` },
    { label: 'an issued message with text added at the start', forge: (issued: string) => `Changed: ${issued}` },
    { label: 'an issued message cut short by one character', forge: (issued: string) => issued.slice(0, -1) },
  ])('refuses $label, though the wallet signed it', core, async ({ forge }, { api }) => {
    const account = api.newAccount();
    const issued = api.expectStatus(await api.client.getNonce(), 200, 'nonce').json as { message: string };
    const message = forge(issued.message);
    const signature = await account.signMessage({ message });
    api.expectRefused(
      await api.client.verifyWalletProof({ walletAddress: account.address, message, signature }),
      'only a message GET /wallet-proof/nonce issued, unchanged, can be verified (docs/rules.md §4)',
    );
  });
});
