/**
 * Crash points for fault-injection tests. With `TILLPOINT_FAULT_POINT=<name>` in its environment the process kills
 * itself with SIGKILL the moment it reaches that point, exactly as `kill -9` would at the worst time, so a test can
 * prove what recovery does with the state left behind. Unset (always, in production) a point costs one comparison.
 */
export type FaultPoint =
  /** The provider answered a payment; the transaction recording that answer has not started. */
  'payments.after-provider';

const armed = process.env.TILLPOINT_FAULT_POINT;

export function faultPoint(name: FaultPoint): void {
  if (armed === name) process.kill(process.pid, 'SIGKILL');
}
