import { configFromFlags } from './config-from-flags.js';

/**
 * Runs `tillpointd serve` with its parsed flags, whether oclif parsed them or the plain start did
 * (`plain-serve.ts`). The daemon's modules are imported only after the young generation is held small, which is
 * what keeps the idle daemon's memory down (ADR-058).
 * @throws ConfigError for a bad setting or a known start-up failure.
 */
export async function startServe(flags: Record<string, unknown>): Promise<void> {
  const config = configFromFlags(flags);
  const { holdYoungGenerationDuringStartUp } = await import('../infra/start-up-young-generation.js');
  const letYoungGenerationGrow = holdYoungGenerationDuringStartUp();
  const { serveCommand } = await import('./serve-command.js');
  await serveCommand(config, { onReady: letYoungGenerationGrow });
}
