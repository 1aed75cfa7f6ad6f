/**
 * Token security and secrecy: every forged token is refused (401 with
 * error="invalid_token"), whatever the operation; and no log line of a whole
 * lifecycle (wallet proof, create with a password, joins, kick, disconnect,
 * delete) contains a token, a password, the API key or the token secret.
 */
import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, onTestFinished, test } from 'vitest';
import { harness } from '../testing/harness.ts';
import { authKinds } from '../../scripts/fuzz/cases.ts';
import { claimsOf } from '../../contracts/suite/forged-tokens.ts';
import { forgeTokens } from '../../scripts/fuzz/fixtures.ts';
import { call, createPool } from '../../scripts/fuzz/http.ts';
import { startMock } from '../../scripts/mock-process.ts';

describe('forged tokens', () => {
  const secret = randomBytes(32).toString('hex');
  const nowMs = 1_795_000_000_000;

  test.for(
    authKinds.filter(
      (kind) =>
        !['wallet', 'host', 'guest', 'lowercase-scheme', 'garbage', 'empty', 'scheme-only', 'basic', 'huge'].includes(
          kind,
        ),
    ),
  )(
    'a forged token (%s) never gets through: 401, or 404 where a well-signed token names an unknown session',
    async (kind) => {
      const mock = harness({ config: { tokenSecret: secret } });
      mock.realMs = nowMs;
      const minted = await mock.request({ method: 'POST', url: '/__mock/wallet-token', json: {} });
      const generation = claimsOf((minted.body as { token: string }).token).gen;
      const forged = (await forgeTokens(new TextEncoder().encode(secret), Math.floor(nowMs / 1000), generation))[kind];
      expect(forged).toBeDefined();
      const headers = {
        authorization: `Bearer ${forged}`,
        'x-api-key': 'mock-api-key',
        'content-type': 'application/json',
      };
      const requests = [
        { method: 'POST', url: '/v1/session', payload: '{}' },
        { method: 'POST', url: '/v1/session/join', payload: JSON.stringify({ sessionId: 'any' }) },
        { method: 'GET', url: '/v1/session/current' },
        { method: 'POST', url: '/v1/session/disconnect' },
      ] as const;
      for (const { method, url, ...rest } of requests) {
        const answer = await mock.raw({ method, url, headers, ...rest });
        // A token of an unknown session is well signed and current: it is the session that is gone (404).
        const sessionGone = kind === 'unknown-session' && !url.endsWith('/session') && !url.endsWith('/join');
        expect(answer.status, `${method} ${url}`).toBe(sessionGone ? 404 : 401);
        if (!sessionGone) expect(answer.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
      }
    },
  );
});

describe('secrets in logs', () => {
  test('no log line of a lifecycle at --log-level info carries a token, password, API key or secret', async () => {
    const apiKey = `key-${randomBytes(16).toString('hex')}`;
    const tokenSecret = randomBytes(32).toString('hex');
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const mock = await startMock({ logLevel: 'info', args: ['--api-key', apiKey, '--token-secret', tokenSecret] });
    onTestFinished(() => mock.stop());
    const pool = createPool(mock.origin, 4);
    onTestFinished(async () => {
      await pool.destroy().catch(() => {});
    });
    const secrets: string[] = [apiKey, tokenSecret, password];
    const json = (answer: { body: string }) => JSON.parse(answer.body);

    // The host proves its wallet; the guests get wallet tokens from the control plane.
    const nonce = json(await call(pool, 'GET', '/v1/wallet-proof/nonce'));
    const account = privateKeyToAccount(generatePrivateKey());
    const proof = {
      walletAddress: account.address,
      message: nonce.message,
      signature: await account.signMessage({ message: nonce.message }),
    };
    const verified = await call(pool, 'POST', '/v1/wallet-proof/verify', { json: proof });
    expect(verified.status).toBe(200);
    const hostWallet = json(verified).token as string;
    const guestWallets = [
      json(await call(pool, 'POST', '/__mock/wallet-token', { json: {} })).token,
      json(await call(pool, 'POST', '/__mock/wallet-token', { json: {} })).token,
    ] as string[];
    secrets.push(hostWallet, ...guestWallets);

    const created = await call(pool, 'POST', '/v1/session', {
      headers: { authorization: `Bearer ${hostWallet}`, 'x-api-key': apiKey },
      json: { rules: { password, userCapacity: 5 } },
    });
    expect(created.status).toBe(200);
    const { sessionId, credentials: host } = json(created);
    secrets.push(host.token);
    expect(
      (
        await call(pool, 'POST', '/v1/session', {
          headers: { authorization: `Bearer ${hostWallet}`, 'x-api-key': `${apiKey}x` },
          json: {},
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await call(pool, 'POST', '/v1/session/join', {
          headers: { authorization: `Bearer ${guestWallets[0]}` },
          json: { sessionId, password: `${password}-wrong` },
        })
      ).status,
    ).toBe(401);
    secrets.push(`${password}-wrong`);
    const guests = [];
    for (const wallet of guestWallets) {
      const joined = await call(pool, 'POST', '/v1/session/join', {
        headers: { authorization: `Bearer ${wallet}` },
        json: { sessionId, password },
      });
      expect(joined.status).toBe(200);
      guests.push(json(joined).credentials);
      secrets.push(json(joined).credentials.token);
    }
    // A token in the query string (as the SignalR hub takes it) must not reach the log either.
    expect(
      (
        await call(pool, 'GET', `/v1/session/current?access_token=${guests[0].token}`, {
          headers: { authorization: `Bearer ${host.token}` },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(pool, 'POST', '/v1/session/current/kick', {
          headers: { authorization: `Bearer ${host.token}` },
          json: { userId: guests[1].id },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call(pool, 'GET', '/v1/session/current', { headers: { authorization: `Bearer ${guests[1].token}` } }))
        .status,
    ).toBe(401);
    expect(
      (await call(pool, 'POST', '/v1/session/disconnect', { headers: { authorization: `Bearer ${guests[0].token}` } }))
        .status,
    ).toBe(200);
    expect(
      (await call(pool, 'DELETE', '/v1/session/current', { headers: { authorization: `Bearer ${host.token}` } }))
        .status,
    ).toBe(200);
    await pool.close();
    await mock.stop();

    const log = mock.stdout() + mock.stderr();
    // The log is there and has a line per request: otherwise the check below proves nothing.
    expect(log).toMatch(/POST \/v1\/session 200/);
    expect(log).toMatch(/GET \/v1\/session\/current 200/);
    expect(log).toMatch(/DELETE \/v1\/session\/current 200/);
    for (const secret of secrets) {
      expect(log.includes(secret), `a secret starting ${secret.slice(0, 12)} is in the log`).toBe(false);
      // A token's signature alone is as good as a leak of it.
      const signature = secret.split('.')[2];
      if (signature) expect(log.includes(signature)).toBe(false);
    }
  }, 120_000);
});
