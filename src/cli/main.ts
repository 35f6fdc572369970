import { fstatSync } from 'node:fs';
import { CommanderError } from 'commander';
import { EXIT, PdxError } from '../errors.js';
import { safeBlock, safeLine, safeOutput, toJson } from '../format/safe-text.js';
import { setCommandLine } from '../store/lock.js';
import { writeAllSync } from '../store/disk.js';
import { newWriteLog, type Io, type WriteLog } from './context.js';
import { cwdError, describeWrites, environmentError, outputError, tellsWrites } from './failure.js';
import { buildProgram } from './program.js';

export { saveCodeCache } from '../store/code-cache.js';
export { useBundleDigest } from '../store/cache.js';
export { runCheckWorker } from '../store/pool.js';

function stdoutIsFile(): boolean {
  try {
    return fstatSync(1).isFile();
  } catch {
    return false;
  }
}

/** Errors of an output stream that mean its reader is gone: the output is not wanted any more. */
const GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/**
 * The process's streams and environment, for the real binary. A reader that goes away early
 * (`pdx … | head`) must not crash a command halfway through its work: that is silent, and the
 * exit code stays the command's. Output that cannot be written for another reason (a full disk)
 * is one line on stderr and exit 1 once the command is done; if stderr fails too, exit 1 silently.
 */
export function processIo(): Io {
  const log = newWriteLog();
  let failed: NodeJS.ErrnoException | undefined;
  let stderrFailed = false;
  let finished = false;
  const tell = () => {
    if (!failed || stderrFailed) return;
    const error = outputError(failed, log);
    process.stderr.write(safeOutput(`pdx: ${safeBlock(error.message)}\n${error.hint ? `  hint: ${safeLine(error.hint)}\n` : ''}`, false));
  };
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (failed || GONE.has(error.code ?? '')) return;
    failed = error;
    // Pipes report a failed write later, after the command may have returned.
    if (finished) {
      tell();
      if (!process.exitCode) process.exitCode = EXIT.failed;
    }
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (!GONE.has(error.code ?? '')) stderrFailed = true;
  });
  // Node writes to a file once per chunk and drops what the disk did not take (a disk nearly
  // full, a file size limit): output redirected to a file (`pdx report > r.md`) is written whole or fails.
  const writeToFile = (text: string): void => {
    if (failed) return;
    try {
      writeAllSync(1, text);
    } catch (error) {
      failed = error as NodeJS.ErrnoException;
    }
  };
  return {
    get cwd() {
      try {
        return process.cwd();
      } catch (error) {
        throw cwdError(error as NodeJS.ErrnoException);
      }
    },
    env: process.env,
    stdout: stdoutIsFile() ? { write: (text: string) => writeToFile(text) } : process.stdout,
    stderr: process.stderr,
    stdinIsTTY: process.stdin.isTTY === true,
    log,
    finish(code) {
      finished = true;
      if (!failed) return code;
      tell();
      return Math.max(code, EXIT.failed);
    },
  };
}

/** The run in progress, for an error that escapes it (see `reportUncaught`). */
let current: { io: Io; args: string[]; log: WriteLog } | undefined;
/** The command the last `run` ran (`evidence-add`), undefined when it ran none (help, a usage error). */
let ran: string | undefined;
/** How many runs are in progress (a tool's command inside `pdx mcp`'s). */
let depth = 0;

/** The command the last `run` ran, as bin/pdx names its code cache: `evidence-add`; undefined for none. */
export function commandRan(): string | undefined {
  return ran;
}

/**
 * Runs pdx with `args` (without node and script) and resolves to the exit code. Never exits the
 * process and never lets a stack trace reach a user unless `--debug` asks for it.
 */
export async function run(args: string[], io: Io = processIo()): Promise<number> {
  setCommandLine([]);
  const log = io.log ?? newWriteLog();
  current = { io, args, log };
  let exitCode: number = EXIT.ok;
  // The command of the outermost run only: `pdx mcp` runs its tools' commands inside its own.
  const outermost = depth === 0;
  if (outermost) ran = undefined;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  }, log, (words) => {
    setCommandLine(words);
    if (outermost) ran = words.join('-');
  });
  depth++;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    exitCode = await reportError(error, io, args, log);
  } finally {
    depth--;
  }
  return io.finish ? io.finish(exitCode) : exitCode;
}

/**
 * Reports an error that escaped every command (thrown from a callback outside the run) the way
 * any other is reported, and returns the exit code. The binary calls it, then exits.
 */
export async function reportUncaught(error: unknown, args: string[]): Promise<number> {
  const io = current?.io ?? { cwd: '/', env: process.env, stdout: process.stdout, stderr: process.stderr, stdinIsTTY: false };
  return reportError(error, io, current?.args ?? args, current?.log ?? newWriteLog());
}

/**
 * Prints a failure. Messages quote the repo (ids, claim texts, file names, git's words), so they
 * are escaped: a message keeps the lines pdx gave it, a hint is one line, and nothing here is in
 * colour, so the last check lets no ESC through.
 */
async function reportError(error: unknown, io: Io, args: string[], log: WriteLog): Promise<number> {
  if (error instanceof CommanderError) {
    // Help or the version, already printed: a mistake on the command line is a PdxError (program.ts).
    return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) ? EXIT.ok : EXIT.usage;
  }
  const json = wantsJson(args);
  // A Code Quality report GitLab can read whatever happened: no issue, while the log says why.
  const gitlab = !json && lastFormat(args) === 'gitlab';
  const out = (text: string) => io.stdout.write(safeOutput(text, false));
  const err = (text: string) => io.stderr.write(safeOutput(text, false));
  const debug = args.includes('--debug');
  const known = keptAnswers(error instanceof PdxError ? error : environmentError(error), log);
  // A failure of the machine says what was written and what was not; so does any failure after a write.
  const outcome = tellsWrites(known, log) ? `; ${describeWrites(log)}` : '';
  if (known) {
    if (json) {
      const errors = known.problems.length > 0 ? known.problems.filter((p) => p.severity === 'error') : [{ code: known.code, message: `${known.message}${outcome}`, ...(known.hint ? { hint: known.hint } : {}) }];
      out(`${toJson({ ok: false, errors })}\n`);
    } else {
      if (known.problems.length > 0) {
        const { problemLine } = await import('../format/problems-text.js');
        for (const p of known.problems) err(`${problemLine(p)}\n`);
      }
      err(`pdx: ${safeBlock(`${known.message}${outcome}`)}\n`);
      if (known.hint) err(`  hint: ${safeLine(known.hint)}\n`);
      if (gitlab) out('[]\n');
    }
    const cause = known.cause ?? (known === error ? undefined : error);
    if (debug && cause instanceof Error && cause.stack) err(`${safeBlock(cause.stack)}\n`);
    return known.exitCode;
  }
  // Only the first line: some libraries put a whole stack into the message.
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  const kept = log.draft ? `; your answers are kept in ${log.draft.file}` : '';
  if (gitlab) out('[]\n');
  if (json) out(`${toJson({ ok: false, errors: [{ code: 'internal', message: `${message}${outcome}${kept}`, ...(log.draft ? { hint: `run ${log.draft.resume} to resume them` } : {}) }] })}\n`);
  err(`pdx: internal error: ${safeLine(`${message}${outcome}${kept}`)}\n`);
  if (log.draft) err(`  hint: run ${safeLine(log.draft.resume)} to resume them\n`);
  if (debug && error instanceof Error && error.stack) err(`${safeBlock(error.stack)}\n`);
  else err('  run again with --debug to see where it happened, and please report it\n');
  return EXIT.usage;
}

/**
 * A command that stops after the user typed answers says where they are kept and how to go on
 * (`interview.ts` keeps them): Ctrl-C in its message, any other failure in its hint. When they
 * could not be kept, it says that too.
 */
function keptAnswers(error: PdxError | undefined, log: WriteLog): PdxError | undefined {
  if (!error) return error;
  const { draft, draftFailed } = log;
  if (error.code === 'interrupted') {
    if (draft) return new PdxError(error.code, `interrupted; your answers are kept in ${draft.file} — run ${draft.resume} to resume`, { exitCode: error.exitCode });
    if (draftFailed) return new PdxError(error.code, `interrupted; nothing was written, and your answers could not be kept in .pdx/drafts/ (${draftFailed})`, { exitCode: error.exitCode });
    return error;
  }
  if (!draft) return error;
  const hint = `your answers are kept in ${draft.file}: run ${draft.resume} to resume`;
  return new PdxError(error.code, error.message, { exitCode: error.exitCode, problems: error.problems, cause: error.cause, hint: error.hint ? `${error.hint}; ${hint}` : hint });
}

/** `--json`, or JSON as the last `--format` given (commander keeps an option's last value). */
function wantsJson(args: string[]): boolean {
  return args.includes('--json') || lastFormat(args) === 'json';
}

function lastFormat(args: string[]): string | undefined {
  return args.flatMap((arg, i) => (arg.startsWith('--format=') ? [arg.slice('--format='.length)] : arg === '--format' ? [args[i + 1]] : [])).at(-1);
}
