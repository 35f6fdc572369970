/** Exit codes of the command-line contract. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type Severity = 'error' | 'warning';

/** One finding about one file, located as precisely as pdx can: the unit every formatter prints. */
export interface Problem {
  /** Path relative to the repo root, with forward slashes. */
  file: string;
  line?: number;
  column?: number;
  severity: Severity;
  /** Stable identifier such as `schema/unknown-key` or `ref/dangling`. */
  code: string;
  message: string;
}

/**
 * The one error type pdx raises on purpose. It carries what the user needs (a message a product
 * manager understands, a hint, a location) and the exit code, so the CLI never prints a stack for it.
 */
export class PdxError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly problems: Problem[];

  constructor(
    code: string,
    message: string,
    options: { exitCode?: ExitCode; hint?: string; problems?: Problem[]; cause?: unknown } = {},
  ) {
    // The cause (an operating-system or git failure) is what `--debug` shows the stack of.
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PdxError';
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT.failed;
    this.hint = options.hint;
    this.problems = options.problems ?? [];
  }
}

/** A mistake in how pdx was called (exit 2). */
export function usageError(message: string, hint?: string): PdxError {
  return new PdxError('usage', message, { exitCode: EXIT.usage, hint });
}

/** Orders problems the way editors list them: by file, then line, then column. */
export function compareProblems(a: Problem, b: Problem): number {
  return (
    a.file.localeCompare(b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.code.localeCompare(b.code)
  );
}
