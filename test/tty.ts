import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './helpers.js';

/** True when tmux is installed: the terminal tests drive pdx through a real pseudo-terminal with it. */
/** tmux is there, or CI (`.ci/run` sets PDX_CI) requires it: the terminal tests then fail without it instead of skipping. */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0 || Boolean(process.env.PDX_CI);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface TerminalOptions {
  /** The terminal's size in columns and rows (default 120 × 40). */
  width?: number;
  height?: number;
  /** Colour on, as a user's terminal has it (FORCE_COLOR=1), instead of NO_COLOR=1. */
  color?: boolean;
  /** Keep every byte pdx writes to the terminal, escape sequences included, for `output()`. */
  record?: boolean;
}

/** What the shell prints once every command is done, so that `output()` knows it has it all. */
const DONE = 'pdx-test: done';

/**
 * pdx running in a real terminal (a detached tmux session): read the screen, type keys, wait for
 * the exit code. Given several argument lists it runs them one after the other in the same
 * terminal. The session is removed by `close`.
 */
export class Terminal {
  private readonly session = `pdx-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly exitFile: string;
  private readonly outputFile: string | undefined;
  private readonly commands: number;

  constructor(cwd: string, args: string[] | string[][], options: TerminalOptions = {}) {
    this.exitFile = join(cwd, '.pdx-test-exit');
    // What an earlier terminal in the same folder left.
    rmSync(this.exitFile, { force: true });
    const runs = Array.isArray(args[0]) ? (args as string[][]) : [args as string[]];
    this.commands = runs.length;
    const env = options.color ? 'env -u CI -u NO_COLOR FORCE_COLOR=1' : 'env -u CI NO_COLOR=1';
    const each = runs.map((run) => `${env} ${[process.execPath, BIN, ...run].map(quote).join(' ')}; echo $? >> ${quote(this.exitFile)}`);
    // A recorded session waits for its recorder (pipe-pane) before it runs anything.
    const wait = options.record ? `tmux wait-for ${this.session}; ` : '';
    const command = `${wait}${each.join('; ')}; echo ${quote(DONE)}; sleep 30`;
    const size = ['-x', String(options.width ?? 120), '-y', String(options.height ?? 40)];
    const start = () => execFileSync('tmux', ['new-session', '-d', '-s', this.session, ...size, '-c', cwd, command], { stdio: 'pipe' });
    try {
      start();
    } catch {
      // A tmux server that is just exiting (its last session closed) refuses a new one: the next starts.
      spawnSync('sleep', ['0.2']);
      start();
    }
    if (options.record) {
      this.outputFile = join(cwd, '.pdx-test-output');
      rmSync(this.outputFile, { force: true });
      execFileSync('tmux', ['pipe-pane', '-o', '-t', this.session, `cat > ${quote(this.outputFile)}`]);
      execFileSync('tmux', ['wait-for', '-S', this.session]);
    }
  }

  /** Every byte written to the terminal (with `record`), once every command is done: pdx's output as it left pdx, CRLF line ends. */
  async output(timeoutMs = 10_000): Promise<string> {
    if (!this.outputFile) throw new Error('the terminal was not started with record: true');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = existsSync(this.outputFile) ? readFileSync(this.outputFile, 'utf8') : '';
      if (text.includes(DONE)) return text.slice(0, text.indexOf(DONE));
      if (Date.now() > deadline) throw new Error(`the terminal's output did not end; screen:\n${this.screen()}`);
      await sleep(50);
    }
  }

  /**
   * The screen and all the scrollback, as the terminal shows it: lines the terminal wrapped are
   * joined again (so a line too wide shows as one), with `escapes` the colours as tmux has them.
   */
  history({ escapes = false } = {}): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-', ...(escapes ? ['-e'] : []), '-t', this.session], { encoding: 'utf8' });
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.session], { encoding: 'utf8' });
  }

  async waitFor(text: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; screen:\n${screen}`);
      await sleep(50);
    }
  }

  /** Types literal text. */
  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.session, '-l', text]);
  }

  /** Presses named keys, e.g. `Enter`, `C-c`. */
  press(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.session, ...keys]);
  }

  async exitCode(timeoutMs = 10_000): Promise<number> {
    return (await this.exitCodes(timeoutMs))[0]!;
  }

  /** Each command's exit code, once every command is done. */
  async exitCodes(timeoutMs = 10_000): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    const codes = () => (existsSync(this.exitFile) ? readFileSync(this.exitFile, 'utf8').split('\n').filter((line) => line.trim() !== '').map(Number) : []);
    while (codes().length < this.commands) {
      if (Date.now() > deadline) throw new Error(`pdx did not exit; screen:\n${this.screen()}`);
      await sleep(50);
    }
    return codes();
  }

  close(): void {
    spawnSync('tmux', ['kill-session', '-t', this.session]);
  }
}

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * An interactive shell (`bash --norc`, `zsh -f`, `fish --no-config`) in a real terminal, where
 * `pdx` runs the built binary: for what only a shell does, such as completion.
 */
export class Shell {
  private readonly session = `pdx-shell-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(cwd: string, command: string[], home: string) {
    const env = [`HOME=${home}`, `PATH=${process.env.PATH ?? '/usr/bin:/bin'}`, 'TERM=xterm', 'NO_COLOR=1', `XDG_CACHE_HOME=${join(home, '.cache')}`];
    execFileSync('tmux', ['new-session', '-d', '-s', this.session, '-x', '160', '-y', '40', '-c', cwd, `env -i ${env.map(quote).join(' ')} ${command.map(quote).join(' ')}`]);
  }

  /** The body of a shell function (or alias) named `pdx` that runs the built binary. */
  static pdx(): string {
    return `${quote(process.execPath)} ${quote(BIN)}`;
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.session], { encoding: 'utf8' });
  }

  async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
      await sleep(50);
    }
  }

  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.session, '-l', text]);
  }

  press(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.session, ...keys]);
  }

  /** Clears the line being typed and the screen, then waits for `prompt` alone. */
  async reset(prompt: string): Promise<void> {
    this.press('C-u');
    this.type('clear');
    this.press('Enter');
    await this.waitFor((screen) => screen.trimEnd() === prompt.trimEnd(), `a clear screen with the prompt ${prompt}`);
  }

  close(): void {
    spawnSync('tmux', ['kill-session', '-t', this.session]);
  }
}
