import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { Interrupted, type Check, type Io, type ListOptions, type Prompts, type TextOptions } from '../src/cli/context.js';
import { forgetUserSecret } from '../src/store/cache.js';
import { armFaults, faultSteps } from '../src/store/fault.js';
import { forgetRealRoots } from '../src/store/safe-path.js';

/**
 * pdx run in the test's own process: `run(args, io)` from src/cli/main.ts with captured output,
 * a working folder, an environment, a fixed today and, when asked for, a terminal whose questions
 * are answered by a script. About ten times cheaper than starting bin/pdx; `spawnPdx` in
 * helpers.ts starts the real binary for what only a process shows (start-up, signals, crashes,
 * several processes at once, its own streams).
 *
 * pdx reads `process.env` in places (git's environment, the user's cache folder for its secret,
 * the fault seam), so for the time of a run the process environment *is* the run's: every
 * variable set as given, every other one removed, and all put back afterwards. Runs therefore
 * take turns (a queue), and what pdx keeps for the life of a process (the user's secret, resolved
 * repo roots, the fault counter) is forgotten before and after each run.
 */

/** The environment the test process started with: what every run starts from. */
export const BASE_ENV: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));

/** What every run adds, as `runPdx` always did: no colour, and not in CI (so a terminal may prompt). */
export const DEFAULT_ENV: Readonly<Record<string, string>> = { NO_COLOR: '1', CI: '' };

/** The day in-process runs take for today unless told otherwise (the binary uses the calendar). */
export const TODAY = '2026-12-01';

/** A scripted answer: Ctrl-C at that question (exit 130, as inquirer's interrupt is). */
export const INTERRUPT = Symbol('Ctrl-C');
/** A scripted answer: Enter on an empty line (a prompt's default, the highlighted choice, yes). */
export const ENTER = Symbol('Enter');

/** A scripted answer: these words typed on the line (for a list, these lines), then Ctrl-C. */
export interface TypedThenCtrlC {
  readonly typedThenCtrlC: string | readonly string[];
}
export const typedThenCtrlC = (typed: string | readonly string[]): TypedThenCtrlC => ({ typedThenCtrlC: typed });

export type Answer = string | number | boolean | readonly string[] | typeof INTERRUPT | typeof ENTER | TypedThenCtrlC;

/** One expected question (its message contains `ask`, or matches it) and the answer typed. */
export interface Step {
  ask: string | RegExp;
  answer: Answer;
  /** Called when the question is asked, before it is answered: to look at the repo at that moment. */
  when?: () => void;
}

/** A question pdx asked, as the terminal would show it. */
export interface Question {
  type: 'text' | 'number' | 'choice' | 'confirm' | 'list';
  message: string;
  default?: string;
  /** The values offered by a choice, in order. */
  choices?: string[];
  /** The names shown for them. */
  names?: string[];
  required?: boolean;
  /** Text already on the line (a resumed draft's answer; for a list, its lines). */
  prefill?: string | readonly string[];
  /** Asked again: the answer before was refused with this sentence. */
  error?: string;
}

export interface InProcessOptions {
  /** Default: the project folder (as for the binary). */
  cwd?: string;
  /** Added to BASE_ENV and DEFAULT_ENV; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Default: TODAY. */
  today?: string;
  /** Run at a terminal (stdin and stdout TTYs) whose questions are answered by these steps, in order. */
  tty?: Step[];
  /** The terminal's width (with `tty`). */
  columns?: number;
  /** What standard input holds (default: nothing). */
  stdin?: string;
}

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  /** With `tty`: every question asked, in order. */
  questions?: Question[];
  /** With PDX_TEST_FAULT set: the names of the steps that change the disk, as far as the run got. */
  faultSteps?: string[];
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs pdx in this process once every run queued before it is done. */
export function runInProcess(args: string[], options: InProcessOptions = {}): Promise<InProcessResult> {
  const result = queue.then(() => runNow(args, options));
  queue = result.catch(() => undefined);
  return result;
}

async function runNow(args: string[], options: InProcessOptions): Promise<InProcessResult> {
  const env = { ...BASE_ENV, ...DEFAULT_ENV, ...options.env };
  if (/^crash@/.test(env.PDX_TEST_FAULT ?? '')) throw new Error(`PDX_TEST_FAULT=${env.PDX_TEST_FAULT} kills the process it runs in: run it with spawnPdx`);
  // Loaded on first use: test files that never run pdx do not pay for the CLI.
  const { run } = await import('../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const script = options.tty ? new Script(options.tty) : undefined;
  const tty = script !== undefined;
  const io: Io = {
    cwd: options.cwd ?? PROJECT,
    env: process.env,
    stdout: { write: (text: string) => ((stdout += text), true), isTTY: tty, ...(tty ? { columns: options.columns ?? 100 } : {}) },
    stderr: { write: (text: string) => ((stderr += text), true), isTTY: tty },
    stdinIsTTY: tty,
    today: options.today ?? TODAY,
    prompts: script ?? NO_TERMINAL,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
  };
  const saved = replaceEnv(env);
  let code: number;
  let steps: string[];
  try {
    forgetProcessState();
    code = await run(args, io);
    steps = [...faultSteps()];
  } finally {
    replaceEnv(saved);
    forgetProcessState();
  }
  const result: InProcessResult = { code, stdout, stderr };
  if (env.PDX_TEST_FAULT) result.faultSteps = steps;
  if (script) {
    script.check(`pdx ${args.join(' ')}\n${stderr}`);
    result.questions = script.questions;
  }
  return result;
}

const PROJECT = fileURLToPath(new URL('..', import.meta.url));

/** What pdx keeps for the life of a process, read again from the environment now in place. */
function forgetProcessState(): void {
  forgetUserSecret();
  forgetRealRoots();
  armFaults();
}

/** Makes `process.env` exactly `next` (through the real environment, so children and libuv see it); returns what it was. */
function replaceEnv(next: Record<string, string | undefined>): Record<string, string | undefined> {
  const before = { ...process.env };
  for (const key of Object.keys(process.env)) if (next[key] === undefined) delete process.env[key];
  for (const [key, value] of Object.entries(next)) if (value !== undefined && process.env[key] !== value) process.env[key] = value;
  return before;
}

/** Prompts for a run without a terminal: pdx must never ask, and asking fails the test. */
const NO_TERMINAL: Prompts = {
  askText: (message) => unexpected(message),
  askNumber: (message) => unexpected(message),
  askChoice: (message) => unexpected(message),
  askConfirm: (message) => unexpected(message),
  askList: (message) => unexpected(message),
};

function unexpected(message: string): never {
  throw new Error(`pdx asked "${message}" without a terminal`);
}

/** A terminal whose questions are answered from a script, in order; anything else fails loudly. */
class Script implements Prompts {
  readonly questions: Question[] = [];
  private failure?: Error;

  constructor(private readonly steps: Step[]) {
    this.steps = [...steps];
    // Commands take the prompts apart (`const { askText } = await ctx.prompts()`), as plain functions.
    for (const name of ['askText', 'askNumber', 'askChoice', 'askConfirm', 'askList'] as const) this[name] = this[name].bind(this) as never;
  }

  async askText(message: string, defaultValue?: string, options: TextOptions = {}): Promise<string> {
    const prefill = options.prefill === '' ? undefined : options.prefill;
    let error: string | undefined;
    for (;;) {
      const answer = this.next({
        type: 'text',
        message,
        ...(defaultValue !== undefined ? { default: defaultValue } : {}),
        ...(options.required ? { required: true } : {}),
        ...(prefill !== undefined ? { prefill } : {}),
        ...(error !== undefined ? { error } : {}),
      });
      if (answer !== ENTER && typeof answer !== 'string') return this.fail(`answered ${shown(answer)} to the text question "${message}"`);
      // An empty line takes the text on it or the default, as inquirer does.
      const value = (answer === ENTER || answer.trim() === '' ? (prefill ?? defaultValue ?? '') : answer).trim();
      const refused = options.required && value === '' ? 'an answer is needed' : value === '' ? true : check(options.validate, value);
      if (refused === true) return value;
      // The terminal shows why under the line and asks again: the script's next step answers.
      error = refused;
    }
  }

  async askNumber(message: string, options: { required?: boolean; prefill?: number } = {}): Promise<number | undefined> {
    let error: string | undefined;
    for (;;) {
      const answer = this.next({ type: 'number', message, ...(options.required ? { required: true } : {}), ...(options.prefill !== undefined ? { prefill: String(options.prefill) } : {}), ...(error ? { error } : {}) });
      const text = answer === ENTER ? (options.prefill === undefined ? '' : String(options.prefill)) : typeof answer === 'number' ? String(answer) : answer;
      if (typeof text !== 'string') return this.fail(`answered ${shown(answer)} to the number question "${message}"`);
      if (text.trim() === '' && !options.required) return undefined;
      if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
      error = 'a number, e.g. 12 or 0.5';
    }
  }

  async askChoice<T extends string>(message: string, choices: { value: T; name: string }[], defaultValue?: T): Promise<T> {
    const values = choices.map((c) => c.value);
    const answer = this.next({ type: 'choice', message, choices: values, names: choices.map((c) => c.name), ...(defaultValue !== undefined ? { default: defaultValue } : {}) });
    // Enter picks the highlighted choice: the default, else the first.
    if (answer === ENTER) return defaultValue ?? (values[0] as T);
    if (typeof answer !== 'string' || !values.includes(answer as T)) return this.fail(`answered ${shown(answer)} to "${message}", which offers only ${values.join(', ')}`);
    return answer as T;
  }

  async askConfirm(message: string, defaultValue = true): Promise<boolean> {
    const answer = this.next({ type: 'confirm', message, ...(defaultValue ? {} : { default: 'no' }) });
    if (answer === ENTER) return defaultValue;
    if (typeof answer !== 'boolean') return this.fail(`answered ${shown(answer)} to the yes/no question "${message}"`);
    return answer;
  }

  /**
   * A list is one step: its lines, up to the empty one that ends it (ENTER keeps the lines a
   * resumed draft put there). A line the terminal refuses is asked again: the next step gives the
   * lines from that one on.
   */
  async askList(message: string, first: string, options: ListOptions = {}): Promise<string[]> {
    const items: string[] = [];
    let error: string | undefined;
    for (;;) {
      const prefill = options.prefill?.slice(items.length);
      const answer = this.next({ type: 'list', message: first, default: message, ...(prefill?.length ? { prefill } : {}), ...(error ? { error } : {}) });
      const lines = answer === ENTER ? [...(prefill ?? [])] : Array.isArray(answer) ? [...(answer as readonly string[])] : undefined;
      if (!lines) return this.fail(`answered ${shown(answer)} to the list question "${first}" (give the lines as an array)`);
      error = undefined;
      // One line each until an empty one, as the terminal reads them.
      for (const line of [...lines, '']) {
        const value = line.trim();
        if (value === '') {
          if (!(options.required && items.length === 0)) return items;
          error = 'an answer is needed';
          break;
        }
        const refused = check(options.validate, value);
        if (refused !== true) {
          error = refused;
          break;
        }
        items.push(value);
      }
    }
  }

  /** Fails the test when a question went unanswered as scripted or an answer was never asked for. */
  check(context: string): void {
    if (!this.failure && this.steps.length > 0) this.failure = new Error(`pdx never asked ${this.steps.map((s) => `"${String(s.ask)}"`).join(', ')}`);
    if (this.failure) {
      this.failure.message += `\nquestions asked: ${JSON.stringify(this.questions.map((q) => q.message))}\n${context}`;
      throw this.failure;
    }
  }

  private next(question: Question): Answer {
    this.questions.push(question);
    if (this.failure) throw this.failure;
    const step = this.steps.shift();
    if (!step) return this.fail(`pdx asked "${question.message}", which the script does not expect`);
    if (typeof step.ask === 'string' ? !question.message.includes(step.ask) : !step.ask.test(question.message)) {
      return this.fail(`pdx asked "${question.message}" where the script expects a question like ${String(step.ask)}`);
    }
    step.when?.();
    if (step.answer === INTERRUPT) throw new Interrupted();
    if (typeof step.answer === 'object' && 'typedThenCtrlC' in step.answer) throw new Interrupted(step.answer.typedThenCtrlC);
    return step.answer;
  }

  private fail(message: string): never {
    this.failure ??= new Error(message);
    throw this.failure;
  }
}

const check = (validate: Check | undefined, value: string): true | string => (validate ? validate(value) : true);

function shown(answer: Answer): string {
  return typeof answer === 'symbol' ? answer.description! : JSON.stringify(answer);
}
