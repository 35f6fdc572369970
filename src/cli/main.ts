import { CommanderError } from 'commander';
import { EXIT, PdxError } from '../errors.js';
import { setCommandLine } from '../store/lock.js';
import type { Io } from './context.js';
import { buildProgram } from './program.js';

/** The process's streams and environment, for the real binary. */
export function processIo(): Io {
  // A reader that goes away early (`pdx … | head`) must not crash a command halfway through its
  // work: the output is lost anyway, so finish quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: process.stdin.isTTY === true,
  };
}

/**
 * Runs pdx with `args` (without node and script) and resolves to the exit code. Never exits the
 * process and never lets a stack trace reach a user unless `--debug` asks for it.
 */
export async function run(args: string[], io: Io = processIo()): Promise<number> {
  setCommandLine(args);
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (error) {
    return await reportError(error, io, args);
  }
}

async function reportError(error: unknown, io: Io, args: string[]): Promise<number> {
  if (error instanceof CommanderError) {
    // commander has already printed its message (unknown command, bad flag, missing argument).
    return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) ? EXIT.ok : EXIT.usage;
  }
  const json = wantsJson(args);
  if (error instanceof PdxError) {
    if (json) {
      const errors = error.problems.length > 0 ? error.problems.filter((p) => p.severity === 'error') : [{ code: error.code, message: error.message }];
      io.stdout.write(`${JSON.stringify({ ok: false, errors }, null, 2)}\n`);
    } else {
      if (error.problems.length > 0) {
        const { problemLine } = await import('../format/problems-text.js');
        for (const p of error.problems) io.stderr.write(`${problemLine(p)}\n`);
      }
      io.stderr.write(`pdx: ${error.message}\n`);
      if (error.hint) io.stderr.write(`  hint: ${error.hint}\n`);
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (json) io.stdout.write(`${JSON.stringify({ ok: false, errors: [{ code: 'internal', message }] }, null, 2)}\n`);
  io.stderr.write(`pdx: internal error: ${message}\n`);
  if (args.includes('--debug') && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('  run again with --debug to see where it happened, and please report it\n');
  return EXIT.usage;
}

function wantsJson(args: string[]): boolean {
  return args.some((arg, i) => arg === '--json' || arg === '--format=json' || (arg === '--format' && args[i + 1] === 'json'));
}
