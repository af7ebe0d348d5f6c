import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminDaemon } from './support/admin-daemon.js';
import { cleanEnv, closedPortUrl } from './support/run-till.js';

/** The runnable examples, run as their READMEs say, against a spawned daemon. */
const EXAMPLES = resolve(import.meta.dirname, '../../../examples');

let admin: Awaited<ReturnType<typeof startAdminDaemon>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // The receiver listens on 127.0.0.1, which the SSRF guard refuses unless told otherwise (as its README says).
  admin = await startAdminDaemon({ TILLPOINT_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await admin?.stop();
});

/** Starts an example script and collects its output; `waitFor` resolves when stdout matches. */
function startExample(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [resolve(EXAMPLES, script)], {
    cwd: resolve(EXAMPLES, script, '..'),
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return {
    child,
    output: () => ({ stdout, stderr }),
    async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(stdout);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`${script} never printed ${pattern}:\n${stdout}\n${stderr}`);
        await new Promise((done) => setTimeout(done, 50));
      }
    },
  };
}

describe('examples/webhook-receiver', () => {
  it('verifies the signed deliveries of an endpoint created with till', async () => {
    const url = `${await closedPortUrl()}/hooks`;
    const endpoint = await admin.tillJson<{ secret: string }>([
      'webhooks',
      'endpoints',
      'create',
      '--url',
      url,
      '--event',
      'order.created',
    ]);
    const receiver = startExample('webhook-receiver/receiver.mjs', {
      TILLPOINT_WEBHOOK_SECRET: endpoint.secret,
      PORT: new URL(url).port,
    });
    await admin.tillJson([
      'products',
      'create',
      '--sku',
      'HOOK-1',
      '--name',
      'Hook',
      '--price',
      '500',
      '--currency',
      'EUR',
    ]);
    const order = await admin.tillJson<{ id: string }>(['orders', 'create', '--item', 'HOOK-1=1']);

    const line = await receiver.waitFor(/^\{"verified":true.*"type":"order\.created".*$/m);
    const delivery = JSON.parse(line[0]) as { id: string; data: { subjectId: string } };
    expect(delivery.id).toMatch(/^whd_/);
    expect(delivery.data.subjectId).toBe(order.id);
  });

  it('refuses a delivery signed with another secret', async () => {
    const url = `${await closedPortUrl()}/hooks`;
    const receiver = startExample('webhook-receiver/receiver.mjs', {
      TILLPOINT_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      PORT: new URL(url).port,
    });
    await once(receiver.child.stderr as NodeJS.ReadableStream, 'data');
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_forged',
        'webhook-timestamp': `${Math.floor(Date.now() / 1000)}`,
        'webhook-signature': 'v1,Zm9yZ2Vk',
      },
      body: '{"type":"order.paid"}',
    });
    expect(response.status).toBe(400);
    expect(receiver.output().stdout).toBe('');
  });
});

describe('examples/sdk-quickstart', () => {
  it('sells a product end to end with an API key', async () => {
    const key = await admin.tillJson<{ secret: string }>(['api-keys', 'create', '--name', 'quickstart']);
    const quickstart = startExample('sdk-quickstart/quickstart.mjs', {
      TILLPOINT_URL: admin.daemon.url,
      TILLPOINT_API_KEY: key.secret,
    });
    const [code] = (await once(quickstart.child, 'exit')) as [number];
    const { stdout, stderr } = quickstart.output();
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/payment pay_\w+: succeeded/);
    expect(stdout).toMatch(/refund ref_\w+: 500 EUR/);
    expect(stdout).toMatch(/as expected: out_of_stock/);
    expect(stdout).toContain('event order.created');
  });
});
