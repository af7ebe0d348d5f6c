import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../infra/clock.js';
import { createAccessTokens } from './access-tokens.js';
import { loadSigningKeys } from './signing-keys.js';

const config = { jwtIssuer: 'tillpointd', jwtAudience: 'tillpoint-api', accessTokenTtlSeconds: 900 };
const keysFor = (secret: string) => loadSigningKeys({ jwtSecret: secret, dataDir: '/nonexistent' });
const claims = { userId: 'usr_1', sessionId: 'ses_1', role: 'user' as const };

// Verification is remembered per token until the token expires; these check that remembering never accepts what a
// full verification would refuse.
describe('access token verification, remembered', () => {
  it('accepts a token again without verifying anew until it expires, then refuses it', async () => {
    const clock = createManualClock(new Date());
    const tokens = createAccessTokens(config, keysFor('a'.repeat(48)), clock);
    const { token } = await tokens.sign(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    clock.advance(899_000);
    expect(await tokens.verify(token)).toEqual(claims);
    // Past `exp` and its 5 s of tolerance: refused, from the cache as from a full check.
    clock.advance(7_000);
    expect(await tokens.verify(token)).toBeNull();
    expect(await tokens.verify(token)).toBeNull();
  });

  it('never accepts a token that differs from a remembered one, nor one signed with another key', async () => {
    const clock = createManualClock(new Date());
    const tokens = createAccessTokens(config, keysFor('a'.repeat(48)), clock);
    const { token } = await tokens.sign(claims);
    expect(await tokens.verify(token)).toEqual(claims);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const admin = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    expect(await tokens.verify(`${header}.${admin}.${signature}`)).toBeNull();
    expect(await tokens.verify(`${token}x`)).toBeNull();
    const other = createAccessTokens(config, keysFor('b'.repeat(48)), clock);
    expect(await other.verify(token)).toBeNull();
  });
});
