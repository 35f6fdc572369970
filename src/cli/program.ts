import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { createContext, parseDateOption, type Context, type GlobalOptions, type Io } from './context.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The command table. Each command's module is imported only when that command runs, so
 * `pdx --help` and `pdx --version` load nothing but commander.
 */
export function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('pdx')
    .description('Product discovery as code: hypotheses, evidence, experiments and OKRs as YAML in git.')
    .version(VERSION, '-V, --version', 'print the pdx version')
    .option('-C <dir>', 'run as if pdx was started in <dir>')
    .option('--no-color', 'print without colour (also NO_COLOR)')
    .option('--no-input', 'never prompt (also when not on a terminal or when CI is set)')
    .option('--debug', 'show the stack of an internal error')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run pdx --help to see the commands and options)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  /** Wraps a lazily imported command: builds its context, runs it, records its exit code. */
  const lazy =
    <A extends unknown[]>(load: () => Promise<(ctx: Context, ...args: A) => Promise<number>>) =>
    async (...params: unknown[]) => {
      const command = params.at(-1) as Command;
      const globals = command.optsWithGlobals() as GlobalOptions;
      const action = await load();
      const args = params.slice(0, -1) as A;
      setExitCode(await action(createContext(io, globals), ...args));
    };

  program
    .command('init')
    .description('start a pdx repo here: config, folders and editor schema hints (safe to re-run)')
    .option('--name <name>', 'the product team or organisation name shown in reports')
    .option('--no-git', 'do not run `git init` when the folder is not in a git repo')
    .action(lazy(async () => (await import('./commands/init.js')).init));

  program
    .command('validate')
    .description('check every file against its schema, and ids, references and dates across files')
    .addOption(formatOption(['text', 'json', 'github'], 'text'))
    .option('--json', 'shorthand for --format json')
    .option('--as-of <date>', 'treat this day as today (dates after it are reported)', (v) => parseDateOption(v, '--as-of'))
    .action(lazy(async () => (await import('./commands/validate.js')).validate));

  program
    .command('schema')
    .description('print, or write to <dir>, JSON Schemas for every file kind (for editors and other validators)')
    .option('--out <dir>', 'write one <kind>.schema.json file per kind into <dir>')
    .action(lazy(async () => (await import('./commands/schema.js')).schema));

  return program;
}

function formatOption(names: string[], fallback: string): Option {
  return new Option('--format <name>', 'output format').choices(names).default(fallback);
}
