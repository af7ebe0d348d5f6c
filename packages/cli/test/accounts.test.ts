import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MailCatcher,
  recipientOf,
  resetTokenIn,
  startMailCatcher,
  verificationTokenIn,
} from '../../daemon/test/support/mail-catcher.js';
import { startAdminDaemon } from './support/admin-daemon.js';
import { parseSingleJson, runTill, tempConfigDir } from './support/run-till.js';

// A customer's account from `till` alone, against a spawned daemon that mails through a real SMTP server:
// register, verify the email, sign in, change the profile and the password, refresh, sign out everywhere, reset a
// forgotten password.

let smtp: MailCatcher;
let session: Awaited<ReturnType<typeof startAdminDaemon>>;
const configs: Array<Awaited<ReturnType<typeof tempConfigDir>>> = [];

beforeAll(async () => {
  smtp = await startMailCatcher();
  session = await startAdminDaemon({ TILLPOINT_SMTP_URL: smtp.url });
});

afterAll(async () => {
  await session?.stop();
  await smtp?.close();
  for (const config of configs) await config.cleanup();
});

/** `till` with its own profiles file: another person, or the same person on another machine. */
async function device() {
  const config = await tempConfigDir();
  configs.push(config);
  const till = (args: string[], input?: string) =>
    runTill(args, { env: { TILLPOINT_CONFIG_DIR: config.dir, TILLPOINT_URL: session.daemon.url }, input });
  const tillJson = async <T = Record<string, unknown>>(args: string[], input?: string) => {
    const result = await till([...args, '--json'], input);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return parseSingleJson(result.stdout) as T;
  };
  return { till, tillJson };
}

const mailTo = (email: string, subject: RegExp) =>
  smtp.waitFor((mail) => recipientOf(mail) === email && subject.test(mail.subject ?? ''));

describe('till auth and till me', () => {
  it('registers, verifies the email, updates the profile, refreshes, changes the password, signs out everywhere', async () => {
    const email = 'ada.cli@example.com';
    const laptop = await device();
    expect(
      await laptop.tillJson(
        ['auth', 'register', '--email', email, '--name', 'Ada', '--password-stdin'],
        'first long password\n',
      ),
    ).toEqual({ status: 'accepted' });
    const token = verificationTokenIn(await mailTo(email, /confirm/i));
    const verified = await laptop.tillJson<{ email: string; emailVerifiedAt: string | null }>(
      ['auth', 'verify-email', '--token-stdin'],
      token,
    );
    expect(verified).toMatchObject({ email, emailVerifiedAt: expect.any(String) });
    const again = await laptop.till(['auth', 'verify-email', '--token-stdin', '--json'], token);
    expect(again.code).toBe(4);
    expect(JSON.parse(again.stderr)).toMatchObject({ error: { code: 'invalid_token' } });

    await laptop.tillJson(['login', '--email', email, '--password-stdin'], 'first long password');
    expect((await laptop.tillJson(['me', 'update', '--name', 'Ada L.'])).name).toBe('Ada L.');
    expect((await laptop.tillJson(['me', 'update', '--clear-name'])).name).toBeNull();
    const nothing = await laptop.till(['me', 'update']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('--name');

    const refreshed = await laptop.tillJson<{ email: string }>(['auth', 'refresh']);
    expect(refreshed.email).toBe(email);
    expect((await laptop.tillJson(['whoami'])).email).toBe(email);

    // Two passwords on stdin: the current one, then the new one. This session stays signed in.
    const wrong = await laptop.till(
      ['me', 'change-password', '--passwords-stdin'],
      'not it\nsecond long password\n',
    );
    expect(wrong.code).toBe(4);
    await laptop.tillJson(
      ['me', 'change-password', '--passwords-stdin'],
      'first long password\nsecond long password\n',
    );
    expect((await laptop.tillJson(['whoami'])).email).toBe(email);
    const oneLine = await laptop.till(
      ['me', 'change-password', '--passwords-stdin'],
      'second long password\n',
    );
    expect(oneLine.code).toBe(2);

    // Signed in on a phone too; `logout --all` on the laptop ends the phone's session as well.
    const phone = await device();
    await phone.tillJson(['login', '--email', email, '--password-stdin'], 'second long password');
    const oldPassword = await phone.till(
      ['login', '--email', email, '--password-stdin'],
      'first long password',
    );
    expect(oldPassword.code).toBe(4);
    expect((await phone.tillJson(['whoami'])).email).toBe(email);
    await laptop.tillJson(['logout', '--all']);
    expect((await phone.till(['whoami'])).code).toBe(4);
    expect((await laptop.till(['whoami'])).code).toBe(4);
    const noSession = await laptop.till(['auth', 'refresh']);
    expect(noSession.code).toBe(4);
  }, 90_000);

  it('emails a reset token for a forgotten password and sets a new one with it', async () => {
    const email = 'grace.cli@example.com';
    const desk = await device();
    await desk.tillJson(['auth', 'register', '--email', email, '--password-stdin'], 'forgotten password 1');
    expect(await desk.tillJson(['auth', 'request-password-reset', '--email', email])).toEqual({
      status: 'accepted',
    });
    const token = resetTokenIn(await mailTo(email, /reset/i));
    // Off a terminal both values must be given: no prompt, exit 2.
    const noToken = await desk.till(['auth', 'reset-password', '--password-stdin'], 'x');
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('Missing --token <token>');
    expect(
      await desk.tillJson(
        ['auth', 'reset-password', '--token', token, '--password-stdin'],
        'remembered password 2',
      ),
    ).toEqual({ reset: true });
    const user = await desk.tillJson<{ email: string }>(
      ['login', '--email', email, '--password-stdin'],
      'remembered password 2',
    );
    expect(user.email).toBe(email);
  }, 60_000);
});
