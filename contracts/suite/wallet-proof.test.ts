import { describe, expect, test } from './fixtures.ts';

describe('GET /wallet-proof/nonce', () => {
  test('answers a fresh nonce and the message to sign', { tags: ['core'] }, async ({ api }) => {
    const first = api.expectStatus(
      await api.client.getNonce(),
      200,
      'GET /wallet-proof/nonce answers { nonce, message } (docs/rules.md §4)',
    );
    const second = api.expectStatus(
      await api.client.getNonce(),
      200,
      'GET /wallet-proof/nonce answers { nonce, message } (docs/rules.md §4)',
    );
    expect((first.json as { message: string }).message, 'two nonces must differ: each is single-use').not.toBe(
      (second.json as { message: string }).message,
    );
  });
});

describe('POST /wallet-proof/verify', () => {
  test('accepts a message signed by the wallet and answers a JWT', { tags: ['core'] }, async ({ api }) => {
    const token = await api.walletToken();
    expect(
      token.split('.'),
      'the wallet token must be a JWT (docs/rules.md §3: hubs take the tokens as JWTs)',
    ).toHaveLength(3);
  });

  test('refuses a replayed message with 400', { tags: ['core'] }, async ({ api }) => {
    const account = api.newAccount();
    const nonce = api.expectStatus(await api.client.getNonce(), 200, 'nonce').json as { message: string };
    const signature = await account.signMessage({ message: nonce.message });
    const body = { walletAddress: account.address, message: nonce.message, signature };
    api.expectStatus(
      await api.client.verifyWalletProof(body),
      200,
      'the first verification of a signed message succeeds',
    );
    api.expectStatus(
      await api.client.verifyWalletProof(body),
      400,
      'a nonce message can be verified once; replaying it is a 400 (docs/rules.md §4)',
    );
  });

  test('refuses a signature made by another key with 400', { tags: ['core'] }, async ({ api }) => {
    const wallet = api.newAccount();
    const impostor = api.newAccount();
    const nonce = api.expectStatus(await api.client.getNonce(), 200, 'nonce').json as { message: string };
    const signature = await impostor.signMessage({ message: nonce.message });
    api.expectStatus(
      await api.client.verifyWalletProof({ walletAddress: wallet.address, message: nonce.message, signature }),
      400,
      'the signature must recover to walletAddress, otherwise 400 (docs/rules.md §4 and §14)',
    );
  });

  test('compares the wallet address case-insensitively', { tags: ['strict'] }, async ({ api }) => {
    const account = api.newAccount();
    const nonce = api.expectStatus(await api.client.getNonce(), 200, 'nonce').json as { message: string };
    const signature = await account.signMessage({ message: nonce.message });
    api.expectStatus(
      await api.client.verifyWalletProof({
        walletAddress: account.address.toLowerCase(),
        message: nonce.message,
        signature,
      }),
      200,
      'the recovered address is compared with walletAddress case-insensitively (docs/rules.md §14)',
    );
  });

  test('refuses a message it never issued with 400', { tags: ['strict'] }, async ({ api }) => {
    const account = api.newAccount();
    const message = `Sign this message to prove you own this wallet.\nNonce: ${Date.now()}`;
    const signature = await account.signMessage({ message });
    api.expectStatus(
      await api.client.verifyWalletProof({ walletAddress: account.address, message, signature }),
      400,
      'only messages from GET /wallet-proof/nonce can be verified (400 otherwise)',
    );
  });

  test('refuses an unknown chain with 400', { tags: ['strict', 'direct-only'] }, async ({ api }) => {
    const account = api.newAccount();
    const nonce = api.expectStatus(await api.client.getNonce(), 200, 'nonce').json as { message: string };
    const signature = await account.signMessage({ message: nonce.message });
    api.expectStatus(
      await api.client.verifyWalletProof(
        { walletAddress: account.address, message: nonce.message, signature },
        'Solana',
      ),
      400,
      'every failure of verify is a 400, an unknown chain included (docs/rules.md §14)',
    );
  });

  test(
    'refuses a message older than five minutes with 400',
    { tags: ['strict', 'control-plane'] },
    async ({ api, control, skip }) => {
      if (!control.available) skip(control.reason);
      const account = api.newAccount();
      const nonce = api.expectStatus(await api.client.getNonce(), 200, 'nonce').json as { message: string };
      const signature = await account.signMessage({ message: nonce.message });
      await control.advance(301);
      api.expectStatus(
        await api.client.verifyWalletProof({ walletAddress: account.address, message: nonce.message, signature }),
        400,
        'a nonce message expires after 5 minutes; verifying it then is a 400',
      );
    },
  );

  test(
    'refuses a wallet token after five minutes with 401 on create',
    { tags: ['strict', 'control-plane'] },
    async ({ api, control, skip }) => {
      if (!control.available) skip(control.reason);
      const token = await api.walletToken();
      await control.advance(301);
      api.expect401(
        await api.client.createSession(token),
        'Bearer',
        'wallet tokens live 5 minutes; an expired credential is a 401 (docs/rules.md §12 and §13)',
        true,
      );
    },
  );
});
