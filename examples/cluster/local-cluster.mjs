#!/usr/bin/env node
// Starts the cluster topology of docker-compose.yml from local processes: N tillpointd nodes on one PostgreSQL
// database and one Redis, behind Debian's nginx. For machines without Docker, and used by the cluster tests.
//
//   node examples/cluster/local-cluster.mjs start --nodes 3 --database-url postgres://… --redis-url redis://…
//   (prints the nginx URL and keeps running until Ctrl-C; the daemon must be built: pnpm build)
//
// As a module: `startLocalCluster(options)` resolves to { url, nodes, stop(), killNode(i), startNode(i) }.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const DAEMON = resolve(here, '../../packages/daemon/dist/main.js');

/** A free TCP port on loopback. */
export async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Debian's nginx binary, installed from Debian's packages (nginx-light) when missing and we may. */
export function nginxBinary() {
  const find = () => ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => existsSync(candidate));
  if (find()) return find();
  const asRoot = process.getuid?.() === 0;
  const apt = (args) =>
    spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['-n', 'apt-get', ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  const install = ['install', '-y', '--no-install-recommends', 'nginx-light'];
  if (apt(install).status !== 0) {
    apt(['update']);
    apt(install);
  }
  if (find()) return find();
  throw new Error(
    'nginx is not installed and could not be: apt-get install -y --no-install-recommends nginx-light',
  );
}

async function waitFor(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * @param {{ nodes?: number, databaseUrl: string, redisUrl: string, env?: Record<string,string>,
 *           nodeEnv?: (index: number) => Record<string,string>, workDir?: string }} options
 */
export async function startLocalCluster(options) {
  const count = options.nodes ?? 3;
  const workDir = options.workDir ?? (await mkdtemp(join(tmpdir(), 'tillpoint-cluster-')));
  const nodes = [];
  const baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('TILLPOINT_')),
  );
  // Every node must share the signing secret, or tokens minted on one are refused by the others.
  const shared = {
    TILLPOINT_DATABASE_URL: options.databaseUrl,
    TILLPOINT_REDIS_URL: options.redisUrl,
    TILLPOINT_JWT_SECRET: options.jwtSecret ?? 'local-cluster-secret-change-me-0123456789abcdef',
    TILLPOINT_TRUST_PROXY: 'true',
    TILLPOINT_LOG_LEVEL: 'warn',
    ...options.env,
  };

  async function startNode(index) {
    const port = nodes[index]?.port ?? (await freePort());
    const dataDir = join(workDir, `node-${index}`);
    await mkdir(dataDir, { recursive: true });
    const readyFile = join(dataDir, 'ready.json');
    await rm(readyFile, { force: true });
    const output = [];
    const child = spawn(
      process.execPath,
      [DAEMON, 'serve', '--port', String(port), '--data-dir', dataDir, '--ready-file', readyFile],
      {
        env: { ...baseEnv, ...shared, ...options.nodeEnv?.(index) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    nodes[index] = {
      index,
      port,
      url: `http://127.0.0.1:${port}`,
      dataDir,
      process: child,
      output: () => Buffer.concat(output).toString(),
    };
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`node ${index} exited: ${Buffer.concat(output)}`);
      return existsSync(readyFile);
    }, `node ${index} to be ready`).catch((error) => {
      throw new Error(`${error.message}\n${Buffer.concat(output)}`);
    });
    return nodes[index];
  }

  // One after the other: the first applies the migrations.
  for (let i = 0; i < count; i++) await startNode(i);

  const nginxPort = await freePort();
  const prefix = join(workDir, 'nginx');
  await mkdir(prefix, { recursive: true });
  const template = await readFile(join(here, 'nginx.conf.template'), 'utf8');
  const upstreams = nodes
    .map((node) => `    server 127.0.0.1:${node.port} max_fails=2 fail_timeout=10s;`)
    .join('\n');
  const conf = template
    .replaceAll('{{PORT}}', String(nginxPort))
    .replaceAll('{{PREFIX}}', prefix)
    .replaceAll('{{UPSTREAMS}}', upstreams);
  const confFile = join(prefix, 'nginx.conf');
  await writeFile(confFile, conf);
  const nginx = spawn(nginxBinary(), ['-c', confFile, '-p', prefix, '-g', 'daemon off; user root;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const nginxOutput = [];
  nginx.stderr.on('data', (chunk) => nginxOutput.push(chunk));
  const url = `http://127.0.0.1:${nginxPort}`;
  await waitFor(async () => {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${Buffer.concat(nginxOutput)}`);
    return (await fetch(`${url}/nginx-health`).catch(() => undefined))?.ok === true;
  }, 'nginx');

  async function stopNode(node, signal = 'SIGTERM') {
    if (!node || node.process.exitCode !== null || node.process.signalCode !== null) return;
    const exited = new Promise((r) => node.process.once('exit', r));
    node.process.kill(signal);
    await exited;
  }

  return {
    url,
    nodes,
    workDir,
    startNode,
    /** SIGKILL: the node dies with its leases held, as in a crash. */
    killNode: (index) => stopNode(nodes[index], 'SIGKILL'),
    stopNode: (index) => stopNode(nodes[index]),
    async stop() {
      nginx.kill('SIGQUIT');
      await Promise.all(nodes.map((node) => stopNode(node)));
      if (nginx.exitCode === null) await new Promise((r) => nginx.once('exit', r));
      if (!options.workDir) await rm(workDir, { recursive: true, force: true });
    },
  };
}

// CLI entry point.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at === -1 ? fallback : args[at + 1];
  };
  if (args[0] !== 'start') {
    process.stderr.write(
      'usage: local-cluster.mjs start [--nodes 3] --database-url postgres://… --redis-url redis://…\n',
    );
    process.exit(2);
  }
  const cluster = await startLocalCluster({
    nodes: Number(flag('nodes', '3')),
    databaseUrl: flag('database-url', process.env.TILLPOINT_DATABASE_URL),
    redisUrl: flag('redis-url', process.env.TILLPOINT_REDIS_URL ?? 'redis://127.0.0.1:6379'),
  });
  process.stdout.write(`cluster of ${cluster.nodes.length} nodes behind nginx at ${cluster.url}\n`);
  for (const node of cluster.nodes)
    process.stdout.write(`  node ${node.index}: ${node.url} (${node.dataDir})\n`);
  const shutdown = async () => {
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
