import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const PID_FILE = 'tillpointd.pid';

/** Records that a daemon serves this data dir (offline commands such as `restore` check it). */
export async function writePidFile(dataDir: string): Promise<void> {
  await writeFile(join(dataDir, PID_FILE), `${process.pid}\n`, { mode: 0o600 });
}

export async function removePidFile(dataDir: string): Promise<void> {
  const file = join(dataDir, PID_FILE);
  // Only our own: a second daemon on the same dir must not erase the first one's record.
  if ((await readFile(file, 'utf8').catch(() => '')).trim() === String(process.pid))
    await rm(file, { force: true });
}

/** The pid of a live daemon on this data dir, or undefined (no file, or a stale one from a crash). */
export async function runningDaemonPid(dataDir: string): Promise<number | undefined> {
  const pid = Number((await readFile(join(dataDir, PID_FILE), 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
