import { describe, expect, it } from 'vitest';
import { spawnDaemon } from '../support/spawn-daemon.js';

describe('tillpointd serve start-up warnings', () => {
  it('warns that --webhook-allow-private-targets turns the SSRF guard off', async () => {
    const daemon = await spawnDaemon({ args: ['--webhook-allow-private-targets'] });
    expect(await daemon.stop()).toBe(0);
    // After the stop: log lines go out asynchronously, and the whole log is in once the daemon has exited.
    const output = daemon.output();
    const warning = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string; setting?: string })
      .find((line) => line.setting === '--webhook-allow-private-targets');
    expect(warning?.level).toBe(40);
    expect(warning?.msg).toContain('SSRF guard is off');
  });

  it('says nothing of it by default', async () => {
    const daemon = await spawnDaemon();
    expect(await daemon.stop()).toBe(0);
    const output = daemon.output();
    expect(output).not.toContain('SSRF');
  });
});
