import type { Agent } from 'undici';

type Undici = typeof import('undici');
let undici: Promise<Undici> | undefined;

/**
 * undici, imported on the first outbound request (a webhook delivery, a Stripe call): it adds about 20 MB to a
 * daemon's memory, and many daemons never send either.
 */
export function loadUndici(): Promise<Undici> {
  undici ??= import('undici');
  return undici;
}

/** An undici dispatcher made on first use (see {@link loadUndici}), closed with the daemon if it was ever made. */
export interface LazyAgent {
  get(): Promise<Agent>;
  close(): Promise<void>;
}

export function lazyAgent(create: (undici: Undici) => Agent): LazyAgent {
  let agent: Promise<Agent> | undefined;
  return {
    get() {
      agent ??= loadUndici().then(create);
      return agent;
    },
    async close() {
      await (await agent)?.close();
    },
  };
}
