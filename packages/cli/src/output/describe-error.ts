/** Exit codes of `till`, the same for every command. */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  authentication: 4,
  interrupted: 130,
} as const;

/** An error as `till` reports it: the JSON shape on stderr plus a hint and the exit code. */
export interface DescribedError {
  code: string;
  message: string;
  requestId: string | null;
  status: number | null;
  /** A suggested next step, shown in human mode. */
  hint: string | undefined;
  exitCode: number;
  /** The problem body the daemon sent, when there was one. */
  problem: unknown;
  /** Per-field errors of a validation failure. */
  fieldErrors: { path: string; message: string }[];
  /** Whether oclif's parser raised it (oclif then prints it with the command's usage). */
  fromParser: boolean;
}

/** A CLI-side failure with a stable code, a hint and an exit code. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly options: { hint?: string; exitCode?: number } = {},
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

interface SdkLikeError {
  message: string;
  status?: number | undefined;
  code?: string;
  requestId?: string | null;
  errors?: { path: string; message: string }[];
  problem?: unknown;
}

/** The SDK's error classes, passed in so this module does not load the SDK. */
export interface SdkErrorClasses {
  TillpointError: abstract new (...args: never[]) => Error;
  ConnectionError: abstract new (...args: never[]) => Error;
  TimeoutError: abstract new (...args: never[]) => Error;
  UserAbortError: abstract new (...args: never[]) => Error;
  AuthenticationError: abstract new (...args: never[]) => Error;
  PermissionDeniedError: abstract new (...args: never[]) => Error;
}

/**
 * Turns anything thrown into a {@link DescribedError}. `sdk` is the SDK's error classes when the SDK
 * was loaded (its errors cannot occur otherwise), `baseUrl` the daemon URL for hints.
 */
export function describeError(
  error: unknown,
  sdk: SdkErrorClasses | undefined,
  baseUrl: string,
): DescribedError {
  const base: DescribedError = {
    code: 'cli_error',
    message: error instanceof Error ? error.message : String(error),
    requestId: null,
    status: null,
    hint: undefined,
    exitCode: EXIT.error,
    problem: undefined,
    fieldErrors: [],
    fromParser: false,
  };
  if (error instanceof CliFailure) {
    return {
      ...base,
      code: error.code,
      hint: error.options.hint,
      exitCode: error.options.exitCode ?? EXIT.error,
    };
  }
  if (isParseError(error)) {
    return {
      ...base,
      code: 'usage_error',
      hint: 'See `till <command> --help` for usage.',
      fromParser: true,
      exitCode: EXIT.usage,
    };
  }
  if (sdk && error instanceof sdk.TillpointError) {
    const e = error as unknown as SdkLikeError;
    const problem = e.problem as { detail?: unknown; title?: unknown } | undefined;
    const problemMessage = typeof problem?.detail === 'string' ? problem.detail : problem?.title;
    const described: DescribedError = {
      ...base,
      message: typeof problemMessage === 'string' ? problemMessage : e.message,
      code: e.code ?? 'unknown_error',
      requestId: e.requestId ?? null,
      status: e.status ?? null,
      problem: e.problem,
      fieldErrors: e.errors ?? [],
    };
    // A helper, not inline `instanceof`: the classes are structurally equal, so TS would narrow to never.
    const is = (cls: SdkErrorClasses[keyof SdkErrorClasses]) => error instanceof cls;
    if (is(sdk.TimeoutError)) {
      described.hint = `The daemon at ${baseUrl} did not answer in time. Check its load, or retry.`;
    } else if (is(sdk.ConnectionError)) {
      const detail = e.message.replace(/^Connection error:\s*/i, '').replace(/\.$/, '');
      described.message = `Could not connect to the daemon at ${baseUrl} (${detail}).`;
      described.hint = 'Is the daemon running? Start it with `tillpointd`, or pass `--base-url`.';
    } else if (is(sdk.UserAbortError)) {
      described.message = 'Interrupted.';
      described.exitCode = EXIT.interrupted;
    } else if (is(sdk.AuthenticationError)) {
      described.hint =
        described.code === 'invalid_credentials'
          ? 'Check the email and password.'
          : described.code === 'account_disabled'
            ? 'Ask an admin to enable the account.'
            : 'Run `till login`, or set TILLPOINT_TOKEN.';
      described.exitCode = EXIT.authentication;
    } else if (is(sdk.PermissionDeniedError)) {
      described.hint =
        'Your credentials lack the permission for this. Log in as another user with `till login`.';
    } else if (e.status !== undefined && e.status >= 500) {
      described.hint = described.requestId
        ? `The daemon failed. Look for request ${described.requestId} in its logs.`
        : 'The daemon failed. Check its logs.';
    } else if (e.status === 404) {
      described.hint = 'Check the path and the ID.';
    }
    described.hint = CODE_HINTS[described.code] ?? described.hint;
    return described;
  }
  return { ...base, hint: 'Rerun with `--debug` for details.' };
}

/** Next steps for the commerce error codes, which say more than their status does. */
const CODE_HINTS: Record<string, string> = {
  payment_failed:
    'The provider declined the payment. Try another card or payment method; the order stays payable.',
  out_of_stock: 'Order fewer units, or check the stock with `till products get <id>`.',
  product_unavailable: 'The product is archived or unknown. Find active ones with `till products list`.',
  invalid_transition: "The order's status does not allow this. Check it with `till orders get <id>`.",
  currency_mismatch: 'Every line of an order, and its payments, must use one currency.',
  sku_taken: 'Pick another --sku, or change the existing product with `till products update`.',
  amount_exceeds_captured:
    'Refund at most what was captured and not yet refunded (see `till payments get <id>`).',
  amount_exceeds_authorized: 'Capture at most the authorized amount (see `till payments get <id>`).',
  idempotency_mismatch: 'This --idempotency-key was used for a different request. Use a new key.',
  idempotency_in_flight: 'A request with this --idempotency-key is still running. Retry in a moment.',
  job_failed: 'Inspect it with `till jobs get <id>`; run it again with `till jobs retry <id>`.',
  unsupported_image:
    "Upload a PNG, JPEG, WebP, GIF or AVIF image: the type is read from the file's bytes, not from its name.",
  payload_too_large:
    'The file is larger than the daemon accepts (for images its mediaMaxBytes setting, 10 MiB by default).',
  provider_unavailable:
    'The payment provider could not be reached. Retry later with the same --idempotency-key.',
};

/**
 * Marks an error the flag and argument parser threw as a usage error. Only some of oclif's carry `parse`: a bad
 * value of an integer flag is a plain `Error`, a flag without its value or given twice a `CLIError` without it. All
 * of them exit 2 (oclif reads `oclif.exit` when it prints one in human mode).
 */
export function asUsageError(error: unknown): unknown {
  if (!(error instanceof Error) || isParseError(error)) return error;
  return Object.assign(error, { parse: {}, oclif: { exit: EXIT.usage } });
}

/** oclif's argument and flag parse errors carry their parser input under `parse`. */
function isParseError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'parse' in error &&
    typeof (error as { parse?: unknown }).parse === 'object'
  );
}
