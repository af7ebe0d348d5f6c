import type { AuthSession } from '@tillpoint/sdk/schemas';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestApp } from './test-app.js';

export const PASSWORD = 'correct horse battery';
let counter = 0;

/** A fresh, unique email for this run. */
export function uniqueEmail(label = 'user'): string {
  counter += 1;
  return `${label}-${Date.now()}-${counter}@example.com`;
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

/** Registers a user through the API (202, no session) and signs in, as a new customer does; returns the session. */
export async function registerUser(app: FastifyInstance, email = uniqueEmail()): Promise<AuthSession> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/auth/register',
    payload: { email, password: PASSWORD },
  });
  if (response.statusCode !== 202)
    throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  return login(app, email);
}

/** Creates an admin the offline way and signs in through the API. */
export async function createAdmin(t: TestApp, email = uniqueEmail('admin')): Promise<AuthSession> {
  await t.services.auth.createAdmin({ email, password: PASSWORD });
  return login(t.app, email);
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<AuthSession> {
  const response = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  return response.json() as AuthSession;
}

export function codeOf(response: LightMyRequestResponse): string | undefined {
  return (response.json() as { code?: string }).code;
}
