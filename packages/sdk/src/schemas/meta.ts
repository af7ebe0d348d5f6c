import { z } from 'zod';

/** How the daemon is deployed: one SQLite node, or one of several nodes on PostgreSQL (+ Redis). */
export const ModeSchema = z.enum(['single', 'cluster']);
export type Mode = z.infer<typeof ModeSchema>;

/** `GET /v1/meta`: what this daemon is. */
export const MetaSchema = z.object({
  name: z.literal('tillpointd'),
  version: z.string().describe('Daemon version (semver)'),
  apiVersion: z.literal('v1'),
  mode: ModeSchema,
  database: z.enum(['sqlite', 'postgres']),
  node: z.string().describe('Node.js version the daemon runs on'),
});
export type Meta = z.infer<typeof MetaSchema>;

/** `GET /healthz`: liveness; answers while the process can serve HTTP. */
export const HealthSchema = z.object({
  status: z.literal('ok'),
  uptimeSeconds: z.number().nonnegative(),
});
export type Health = z.infer<typeof HealthSchema>;

/** `GET /readyz`: readiness; 200 when every dependency answers, 503 otherwise. */
export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(
    z.string(),
    z.object({
      status: z.enum(['up', 'down']),
      latencyMs: z.number().nonnegative().optional(),
      error: z.string().optional(),
    }),
  ),
});
export type Readiness = z.infer<typeof ReadinessSchema>;
