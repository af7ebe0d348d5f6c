import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { deadOwnersOnThisHost, newLeaseOwner } from './lease-owners.js';

describe('lease owners', () => {
  it('names the host and pid, and never calls an owner of this process dead', () => {
    const mine = newLeaseOwner();
    const another = newLeaseOwner();
    expect(mine).toMatch(new RegExp(`^wrk_[0-9A-Za-z]+@${hostname()}#${process.pid}$`));
    expect(deadOwnersOnThisHost([mine, another])).toEqual([]);
  });

  it('calls dead an owner on this host whose process is gone, or an earlier process that had this pid', () => {
    // pid 2^22 + 1 is above Linux's pid_max, so no process has it.
    const gone = `wrk_01GONE@${hostname()}#4194305`;
    const earlierSelf = `wrk_01EARLIER@${hostname()}#${process.pid}`;
    const elsewhere = `wrk_01REMOTE@another-host#4194305`;
    const alive = `wrk_01PARENT@${hostname()}#${process.ppid}`;
    expect(deadOwnersOnThisHost([gone, earlierSelf, elsewhere, alive, 'legacy-owner'])).toEqual([
      gone,
      earlierSelf,
    ]);
  });
});
