import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { DAEMON_BIN } from './spawn-daemon.js';
import type { TestDatabase } from './test-database.js';

/** A JSON answer read field by field, with its status and headers. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the API answers, field by field
  body: any;
}

/** Creates an admin with the offline `tillpointd admin create`, as an operator provisioning a node would. */
export function createAdminOffline(database: TestDatabase, email: string, password: string): void {
  const made = spawnSync(
    process.execPath,
    [DAEMON_BIN, 'admin', 'create', '--data-dir', database.dataDir, '--email', email, '--password-stdin'],
    {
      input: `${password}\n`,
      encoding: 'utf8',
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TILLPOINT_'))),
        ...(database.databaseUrl ? { TILLPOINT_DATABASE_URL: database.databaseUrl } : {}),
      },
    },
  );
  expect(made.status, made.stderr).toBe(0);
}

/** Real HTTP to a spawned daemon: `call(method, path, body?, token?)`. */
export function apiAt(base: string) {
  return async function call(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<ApiAnswer> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: await response.json().catch(() => null),
    };
  };
}
