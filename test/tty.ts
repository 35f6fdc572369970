import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './helpers.js';

/** True when tmux is installed: the terminal tests drive pdx through a real pseudo-terminal with it. */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * pdx running in a real terminal (a detached tmux session): read the screen, type keys, wait for
 * the exit code. The session is removed by `close`.
 */
export class Terminal {
  private readonly session = `pdx-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly exitFile: string;

  constructor(cwd: string, args: string[]) {
    this.exitFile = join(cwd, '.pdx-test-exit');
    const command = `env -u CI NO_COLOR=1 ${[process.execPath, BIN, ...args].map(quote).join(' ')}; echo $? > ${quote(this.exitFile)}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', this.session, '-x', '120', '-y', '40', '-c', cwd, command]);
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
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(this.exitFile) || readFileSync(this.exitFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error(`pdx did not exit; screen:\n${this.screen()}`);
      await sleep(50);
    }
    return Number(readFileSync(this.exitFile, 'utf8').trim());
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
