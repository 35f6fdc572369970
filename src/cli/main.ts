import { CommanderError } from 'commander';
import { EXIT, PdxError } from '../errors.js';
import { safeBlock, safeLine, safeOutput, toJson } from '../format/safe-text.js';
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

/**
 * Prints a failure. Messages quote the repo (ids, claim texts, file names, git's words), so they
 * are escaped: a message keeps the lines pdx gave it, a hint is one line, and nothing here is in
 * colour, so the last check lets no ESC through.
 */
async function reportError(error: unknown, io: Io, args: string[]): Promise<number> {
  if (error instanceof CommanderError) {
    // commander has already printed its message (unknown command, bad flag, missing argument).
    return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) ? EXIT.ok : EXIT.usage;
  }
  const json = wantsJson(args);
  const out = (text: string) => io.stdout.write(safeOutput(text, false));
  const err = (text: string) => io.stderr.write(safeOutput(text, false));
  if (error instanceof PdxError) {
    if (json) {
      const errors = error.problems.length > 0 ? error.problems.filter((p) => p.severity === 'error') : [{ code: error.code, message: error.message }];
      out(`${toJson({ ok: false, errors })}\n`);
    } else {
      if (error.problems.length > 0) {
        const { problemLine } = await import('../format/problems-text.js');
        for (const p of error.problems) err(`${problemLine(p)}\n`);
      }
      err(`pdx: ${safeBlock(error.message)}\n`);
      if (error.hint) err(`  hint: ${safeLine(error.hint)}\n`);
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (json) out(`${toJson({ ok: false, errors: [{ code: 'internal', message }] })}\n`);
  err(`pdx: internal error: ${safeLine(message)}\n`);
  if (args.includes('--debug') && error instanceof Error && error.stack) err(`${safeBlock(error.stack)}\n`);
  else err('  run again with --debug to see where it happened, and please report it\n');
  return EXIT.usage;
}

function wantsJson(args: string[]): boolean {
  return args.some((arg, i) => arg === '--json' || arg === '--format=json' || (arg === '--format' && args[i + 1] === 'json'));
}
