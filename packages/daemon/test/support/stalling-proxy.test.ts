import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StallingProxy, startStallingProxy } from './stalling-proxy.js';

/** How long "nothing arrives" is watched for: a partition shows as silence, so silence is what is checked. */
const QUIET_MS = 300;

/** An upper-casing echo server (answering after `replyDelayMs`) that counts its connections and the bytes it received. */
async function startEchoServer(replyDelayMs = 0) {
  const received: string[] = [];
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk) => {
      received.push(chunk.toString());
      const reply = () => {
        if (!socket.destroyed) socket.write(chunk.toString().toUpperCase());
      };
      if (replyDelayMs > 0) setTimeout(reply, replyDelayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    port,
    received: () => received.join(''),
    accepted: () => accepted,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A client connection to the proxy that records what it receives and whether it was closed. */
async function client(proxy: StallingProxy) {
  const socket = connect({ host: proxy.host, port: proxy.port });
  let text = '';
  let closed = false;
  socket.on('data', (chunk) => {
    text += chunk.toString();
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    closed = true;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, text: () => text, closed: () => closed };
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('the stalling proxy', () => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let proxy: StallingProxy;
  beforeEach(async () => {
    echo = await startEchoServer();
    proxy = await startStallingProxy({ host: '127.0.0.1', port: echo.port });
  });
  afterEach(async () => {
    await proxy?.close();
    await echo?.close();
  });

  it('forwards both ways until stalled', async () => {
    const a = await client(proxy);
    a.socket.write('hello');
    await until(() => a.text() === 'HELLO', 'the echo');
    expect(echo.received()).toBe('hello');
    expect(proxy.connections()).toBe(1);
  });

  it('holds bytes back both ways while stalled, closes nothing, and delivers them in order on resume', async () => {
    const a = await client(proxy);
    a.socket.write('one ');
    await until(() => a.text() === 'ONE ', 'the first echo');

    proxy.stall();
    a.socket.write('two ');
    a.socket.write('three');
    await sleep(QUIET_MS);
    expect(echo.received()).toBe('one ');
    expect(a.text()).toBe('ONE ');
    expect(a.closed()).toBe(false);

    proxy.resume();
    await until(() => a.text() === 'ONE TWO THREE', 'the held-back bytes');
    expect(echo.received()).toBe('one two three');
    expect(a.closed()).toBe(false);
  });

  it('holds back the answer to bytes that got through before the stall', async () => {
    const slow = await startEchoServer(100);
    const slowProxy = await startStallingProxy({ host: '127.0.0.1', port: slow.port });
    try {
      const a = await client(slowProxy);
      a.socket.write('late');
      await until(() => slow.received() === 'late', 'the bytes to reach the server');
      slowProxy.stall();
      await sleep(QUIET_MS);
      expect(a.text()).toBe('');
      slowProxy.resume();
      await until(() => a.text() === 'LATE', 'the answer after resume');
    } finally {
      await slowProxy.close();
      await slow.close();
    }
  });

  it('accepts a new connection while stalled without connecting it onwards, and connects it on resume', async () => {
    proxy.stall();
    const b = await client(proxy);
    b.socket.write('queued');
    await sleep(QUIET_MS);
    expect(echo.accepted()).toBe(0);
    expect(b.closed()).toBe(false);
    expect(b.text()).toBe('');

    proxy.resume();
    await until(() => b.text() === 'QUEUED', 'the deferred connection');
    expect(echo.accepted()).toBe(1);
  });

  it('delivers the FIN of a client that gave up while stalled after its bytes, and drops one that sent nothing', async () => {
    proxy.stall();
    const sent = await client(proxy);
    sent.socket.end('bye');
    const silent = await client(proxy);
    silent.socket.destroy();
    await sleep(QUIET_MS);
    expect(echo.accepted()).toBe(0);
    proxy.resume();
    await until(() => echo.received() === 'bye', 'the bytes of the departed client');
    await sleep(QUIET_MS);
    expect(echo.accepted()).toBe(1);
  });

  it('close() ends every connection, stalled or not, and stops listening', async () => {
    const a = await client(proxy);
    proxy.stall();
    await proxy.close();
    await until(() => a.closed(), 'the client to be closed');
    await expect(client(proxy)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
