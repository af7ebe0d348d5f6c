/**
 * A command that ran but could not do what was asked, for a reason the operator can act on: the
 * message is the one line they see (`tillpointd: <message>`, or `{"error":{code,message}}` with
 * `--json`), with a stable `code` and the process exit code (default 1).
 */
export class CommandFailure extends Error {
  override name = 'CommandFailure';

  constructor(
    message: string,
    readonly code: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
