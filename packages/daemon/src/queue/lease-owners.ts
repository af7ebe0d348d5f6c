import { hostname } from 'node:os';
import { newId } from '../infra/ids.js';

/** Every owner made in this process: several worker pools can share one (tests, embedded use). */
const ownersOfThisProcess = new Set<string>();

/**
 * A worker pool's lease owner: a fresh ID, then the host and process that hold the leases
 * (`wrk_…@host#pid`), so a daemon restarted on the same host can tell which owners' processes are gone.
 */
export function newLeaseOwner(): string {
  const owner = `${newId('worker')}@${hostname()}#${process.pid}`;
  ownersOfThisProcess.add(owner);
  return owner;
}

/**
 * The owners, among `owners`, whose process on this host no longer runs: their leases can be taken back at once
 * instead of after they expire. An owner of another host, or whose process is alive (or cannot be checked), is
 * never included: taking a live worker's job would run it twice. Nor is any owner made in this process; one with
 * this process's pid that this process did not make was an earlier process that had the same pid (a container's
 * pid 1, say).
 */
export function deadOwnersOnThisHost(owners: readonly string[]): string[] {
  const host = hostname();
  return owners.filter((owner) => {
    const match = /^[^@]+@(.+)#(\d+)$/.exec(owner);
    if (!match || match[1] !== host || ownersOfThisProcess.has(owner)) return false;
    const pid = Number(match[2]);
    return pid === process.pid || !processAlive(pid);
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
