import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { EXIT, PdxError, usageError } from '../errors.js';
import { safeOutput } from '../format/safe-text.js';
import { FIRST_DAY, LAST_DAY, MAX_DAYS, WINDOW_PATTERN, WINDOW_RANGE } from '../model/dates.js';

/** Where a command writes and what it may assume about the terminal; tests pass their own. */
export interface Io {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdinIsTTY: boolean;
  /** The record of what the command writes, when the caller keeps one (the real binary does). */
  log?: WriteLog;
  /** Called once the command is done; returns the exit code to use (a failed output stream raises it). */
  finish?(code: number): number;
  /** Today's date, `YYYY-MM-DD` (default: the user's calendar): tests fix it. */
  today?: string;
  /** How questions are asked at a terminal (default: inquirer, in `prompts.ts`): tests script the answers. */
  prompts?: Prompts;
  /** Standard input, for `--note -` and the like (default: the process's). */
  stdin?: NodeJS.ReadableStream;
}

/** Checks an answer when Enter is pressed: true, or the sentence shown while the question is asked again. */
export type Check = (value: string) => true | string;

export interface TextOptions {
  /** An empty answer is refused (asked again). */
  required?: boolean;
  /** Checked on Enter; a refused answer stays on the line to be corrected. */
  validate?: Check;
  /** Text already on the line, to keep or edit (the answer of a resumed draft). */
  prefill?: string;
  /** Called with the line as it is typed (every key press). */
  onLine?: (text: string) => void;
}

export interface ListOptions {
  /** The first line may not be empty. */
  required?: boolean;
  /** Checked for each line but the empty one that ends the list. */
  validate?: Check;
  /** Lines already typed, each offered on its line to keep or edit (a resumed draft's). */
  prefill?: readonly string[];
  /** Called with the lines given and the one being typed, as it is typed. */
  onLine?: (lines: string[]) => void;
}

/**
 * The questions a command may ask at a terminal. Ctrl-C at any of them rejects with
 * `Interrupted`, carrying what was typed on the line (and, for a list, the lines before it).
 */
export interface Prompts {
  askText(message: string, defaultValue?: string, options?: TextOptions): Promise<string>;
  askNumber(message: string, options?: { required?: boolean; prefill?: number }): Promise<number | undefined>;
  askChoice<T extends string>(message: string, choices: { value: T; name: string }[], defaultValue?: T): Promise<T>;
  askConfirm(message: string, defaultValue?: boolean): Promise<boolean>;
  askList(message: string, first: string, options?: ListOptions): Promise<string[]>;
}

/** Ctrl-C at a question (exit 130). `typed`: what was on the line then; for a list, every line given with it. */
export class Interrupted extends PdxError {
  constructor(readonly typed?: string | readonly string[]) {
    super('interrupted', 'interrupted; nothing was written', { exitCode: EXIT.interrupted });
  }
}

/** What a command has changed on disk so far, so that a failure can say what was written and what was not. */
export interface WriteLog {
  /** Files written, as the command names them to the user. */
  files: string[];
  /** A commit of them was asked for (`--commit` or git.autoCommit). */
  commitWanted: boolean;
  /** The commit made of them, once made ('' when git printed no hash). */
  commit?: string;
  /** The draft holding the answers typed so far, as the user sees its path, and the command that resumes it. */
  draft?: { file: string; resume: string };
  /** Why the answers typed could not be kept in a draft, when they could not. */
  draftFailed?: string;
}

export function newWriteLog(): WriteLog {
  return { files: [], commitWanted: false };
}

/** What every command receives: the resolved global options and the output streams. */
export interface Context {
  /** The folder the command runs in (after `-C`). */
  cwd: string;
  /** The folder pdx was started in (before `-C`), if it still exists: where commands suggested to the user run. */
  invokedIn?: string;
  /** What the command has written: every write adds to it, so that a failure can say what is on disk. */
  log: WriteLog;
  color: boolean;
  /** Prompts are allowed: a TTY on both ends, no `--no-input`, no `CI`. */
  interactive: boolean;
  debug: boolean;
  /** Today's date on the user's calendar, `YYYY-MM-DD`. */
  today: string;
  /**
   * The prompts, loaded when first asked for (only when `interactive`). Every answer typed is
   * kept in a draft until the command has saved it (`interview.ts`).
   */
  prompts(): Promise<Prompts>;
  /** The command running (`evidence add`) and its arguments: what a draft of its answers belongs to. */
  command?: { name: string; args: string[] };
  /** Standard input, for `--note -` and the like. */
  stdin: () => NodeJS.ReadableStream;
  /** Whether standard input is a terminal. */
  stdinIsTTY: boolean;
  /** Reuse verdicts cached in `.pdx/cache/` for unchanged files (`--no-cache` turns it off). */
  cache: boolean;
  env: Record<string, string | undefined>;
  /**
   * Prints `text`, and a newline unless it ends in one. Given in parts (a long table's, split at
   * line ends; JSON's from `toJsonPieces`, each ending between tokens), each part is made safe and
   * written as it comes, so the whole is never held.
   */
  out(text: string | Iterable<string>): void;
  err(text: string): void;
  /**
   * A line of progress (`source 3 of 20: sales-team`) on stderr, written over the last one in
   * place; undefined clears it. Only on a terminal, and never when CI is set: elsewhere silent.
   */
  progress(text: string | undefined): void;
  columns: number;
}

export interface GlobalOptions {
  C?: string;
  color?: boolean;
  input?: boolean;
  debug?: boolean;
  cache?: boolean;
}

export function createContext(io: Io, options: GlobalOptions, log: WriteLog = io.log ?? newWriteLog(), command?: { name: string; args: string[] }): Context {
  const env = io.env;
  // An absolute -C needs no starting folder, so it works even when that folder was deleted.
  const cwd = options.C !== undefined && isAbsolute(options.C) ? resolve(options.C) : resolve(io.cwd, options.C ?? '.');
  // As `git -C`: a folder that is not there is an error, never the repo above it (`init`
  // makes the folder it is pointed at).
  if (options.C !== undefined && command?.name !== 'init' && !isFolder(cwd)) throw usageError(`-C ${options.C}: no such folder`, `run pdx in your pdx repo, or pass -C the folder that holds its pdx.yaml`);
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const color = options.color !== false && !env.NO_COLOR && (forced || io.stdout.isTTY === true);
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  let prompts: Promise<Prompts> | undefined;
  const ctx: Context = {
    cwd,
    invokedIn: startedIn(io),
    log,
    color,
    interactive: options.input !== false && !ci && io.stdinIsTTY && io.stdout.isTTY === true,
    debug: options.debug === true,
    today: io.today ?? localToday(),
    prompts: () =>
      (prompts ??= (async () => {
        const raw = io.prompts ?? (await import('./prompts.js')).prompts;
        const { interviewOf } = await import('./interview.js');
        return interviewOf(ctx, raw).prompts;
      })()),
    command,
    stdin: () => io.stdin ?? process.stdin,
    stdinIsTTY: io.stdinIsTTY,
    cache: options.cache !== false,
    env,
    // The formatters escape what they print from the repo; this catches what one missed, so that
    // no control character reaches the terminal raw and, with colour off, no ESC at all.
    out: (text) => {
      if (typeof text === 'string') return void io.stdout.write(safeOutput(text.endsWith('\n') || text === '' ? text : `${text}\n`, color));
      let last = '';
      for (const part of text) {
        if (part === '') continue;
        io.stdout.write(safeOutput(part, color));
        last = part;
      }
      if (last !== '' && !last.endsWith('\n')) io.stdout.write('\n');
    },
    err: (text) => io.stderr.write(safeOutput(text.endsWith('\n') ? text : `${text}\n`, color)),
    progress: (text) => {
      if (io.stderr.isTTY !== true || ci) return;
      // Carriage return and erase-line: the next line replaces this one; the text itself is made safe, one line.
      io.stderr.write(`\r\x1b[2K${text === undefined ? '' : safeOutput(text.replace(/\s+/g, ' '), false)}`);
    },
    // Tables fit a terminal; piped output keeps whole values for the next program.
    columns: io.stdout.isTTY ? (io.stdout.columns ?? 100) : Number.POSITIVE_INFINITY,
  };
  return ctx;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function startedIn(io: Io): string | undefined {
  try {
    return io.cwd;
  } catch {
    return undefined;
  }
}

/** Today's date on the user's calendar, `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses a `--date`/`--as-of` value, rejecting impossible days like 2026-02-30 and days outside
 * FIRST_DAY..LAST_DAY (reports count back from them; the range keeps that arithmetic in four-digit years).
 */
export function parseDateOption(value: string, flag: string): string {
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  if (!DATE.test(value) || date.getUTCFullYear() !== y || date.getUTCMonth() !== m! - 1 || date.getUTCDate() !== d || value < FIRST_DAY || value > LAST_DAY) {
    throw usageError(`${flag} must be a real date written YYYY-MM-DD, from ${FIRST_DAY} to ${LAST_DAY}, not "${value}"`);
  }
  return value;
}

/** Checks a report window (`--since`, or `report.since` in pdx.yaml, named by `flag`). */
export function parseWindowOption(value: string, flag: string): string {
  if (!WINDOW_PATTERN.test(value)) throw usageError(`${flag} must be a window of ${WINDOW_RANGE}, not "${value}"`);
  return value;
}

/** Parses a whole number of days (a planned duration): 1 to MAX_DAYS. */
export function parseDaysOption(value: string, flag: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > MAX_DAYS) throw usageError(`${flag} must be a whole number of days from 1 to ${MAX_DAYS}, not "${value}"`);
  return n;
}
