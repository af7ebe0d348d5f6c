import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
// @ts-expect-error: a plain ESM script shared with users, without type declarations
import { freePort } from '../../../../examples/cluster/local-cluster.mjs';

/**
 * A Redis server of the test's own (Debian's redis-server on a free loopback port, nothing kept on disk), so a test
 * can stop and restart it without touching the shared one.
 */
export async function startPrivateRedis() {
  const port: number = await freePort();
  let server: ChildProcess | undefined;
  const answers = () =>
    new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
  async function start() {
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    for (let i = 0; i < 100 && !(await answers()); i++) await new Promise((r) => setTimeout(r, 50));
  }
  async function stop() {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGKILL');
    await exited;
  }
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
