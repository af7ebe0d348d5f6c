import { hostname } from 'node:os';
import { newId } from '../infra/ids.js';

/**
 * A worker pool's lease owner: a fresh ID, then the host and process that hold the leases
 * (`wrk_…@host#pid`), so a daemon restarted on the same host can tell which owners' processes are gone.
 */
export function newLeaseOwner(): string {
  return `${newId('worker')}@${hostname()}#${process.pid}`;
}

/**
 * The owners, among `owners`, whose process on this host no longer runs: their leases can be taken back at once
 * instead of after they expire. An owner of another host, or whose process is alive (or cannot be checked), is
 * never included: taking a live worker's job would run it twice. `self` is excluded; an owner with this process's
 * pid but another ID was an earlier process that had the same pid (a container's pid 1, say).
 */
export function deadOwnersOnThisHost(owners: readonly string[], self: string): string[] {
  const host = hostname();
  return owners.filter((owner) => {
    const match = /^[^@]+@(.+)#(\d+)$/.exec(owner);
    if (!match || match[1] !== host || owner === self) return false;
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
