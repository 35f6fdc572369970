import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { PdxError, usageError } from '../errors.js';
import { Interrupted, type Context } from './context.js';

/**
 * Long text from elsewhere than the command line: `--note -` reads standard input, `--note-file F`
 * a file (relative to the folder pdx was started in). Either is UTF-8 text of at most 1 MB (a
 * record must fit in one); a trailing newline and surrounding blank space are dropped, as they
 * are from a typed answer.
 */

/** A record is at most 1 MB, so no text that goes into one can be larger. */
const MAX_TEXT_BYTES = 1024 * 1024;

/** `--note-file`'s value as the file's text; `--note`'s as given (`-` stays: `readStandardInput` reads it once nothing is left to ask). */
function textOption(ctx: Context, flag: string, value: string | undefined, file: string | undefined): string | undefined {
  if (file === undefined) return value;
  if (value !== undefined) throw usageError(`${flag} and ${flag}-file both give the ${flag.slice(2)}: pass one of them`);
  return readTextFile(ctx, file, `${flag}-file`);
}

/** Reads `--x-file F`: F relative to the folder pdx was started in. */
function readTextFile(ctx: Context, file: string, flag: string): string {
  const path = resolve(ctx.invokedIn ?? ctx.cwd, file);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw usageError(`${flag} ${file}: cannot read it (${why(error)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw usageError(`${flag} ${file} is a folder, not a file`);
    // A pipe or device (`<(…)`, /dev/stdin) has no size to check beforehand: read it up to the cap.
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw usageError(`${flag} ${file}: cannot read it (${why(error)})`);
      }
      if (n === 0) break;
      size += n;
      if (size > MAX_TEXT_BYTES) throw usageError(`${flag} ${file} is larger than 1 MB, more than a record can hold`);
      chunks.push(chunk.subarray(0, n));
    }
    return decoded(Buffer.concat(chunks), `${flag} ${file}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads standard input to its end, for a `-` value. From a terminal, the user types it and ends
 * it with Ctrl-D; Ctrl-C then keeps what was typed (`interrupted` gets it) and exits 130.
 */
async function readStandardInput(ctx: Context, flag: string, interrupted?: (typed: string) => void): Promise<string> {
  const input = ctx.stdin();
  if (ctx.stdinIsTTY) ctx.err(`Type the ${flag.slice(2)}, then press Ctrl-D on a line of its own:`);
  const chunks: Buffer[] = [];
  let size = 0;
  const bytes = await new Promise<Buffer>((done, fail) => {
    const stop = () => {
      cleanup();
      const typed = Buffer.concat(chunks).toString('utf8');
      interrupted?.(typed);
      fail(new Interrupted(typed));
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > MAX_TEXT_BYTES) {
        cleanup();
        fail(usageError(`${flag} - got more than 1 MB on standard input, more than a record can hold`));
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => {
      cleanup();
      done(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      fail(usageError(`${flag} -: cannot read standard input (${why(error)})`));
    };
    const cleanup = () => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      if (ctx.stdinIsTTY) process.off('SIGINT', stop);
      input.pause();
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onError);
    if (ctx.stdinIsTTY) process.once('SIGINT', stop);
    input.resume();
  });
  return decoded(bytes, `${flag} - (standard input)`);
}

/** UTF-8 text, or a usage error naming where it came from. */
function decoded(bytes: Buffer, what: string): string {
  if (bytes.includes(0)) throw usageError(`${what} is not text (it holds NUL bytes)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw usageError(`${what} is not UTF-8 text`, 'save it as UTF-8 (most editors offer it under "Save as" or "Encoding")');
  }
  text = text.replace(/\r\n?/g, '\n').trim();
  if (text === '') throw usageError(`${what} is empty`);
  return text;
}

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? (error as Error).message;
}

/** A long-text flag of a command: `--observed`, with `--observed-file`; `question` is the one that asks it. */
export interface LongText {
  flag: string;
  value: string | undefined;
  file: string | undefined;
  question: string;
}

/**
 * The long-text flags of one command: every `--x-file` is read at once (a mistake in it is named
 * before anything is asked), and at most one `-` marks the value standard input gives. Standard
 * input takes the terminal's input with it, so a command with a `-` asks nothing: `asking` is its
 * context for the questions, `check` turns their "missing" error into one that says why, and
 * `finish` reads standard input into the values once the questions are done.
 */
export function longTexts<K extends string>(ctx: Context, texts: Record<K, LongText>) {
  const values = {} as Record<K, string | undefined>;
  for (const key of Object.keys(texts) as K[]) values[key] = textOption(ctx, texts[key].flag, texts[key].value, texts[key].file);
  const dashes = (Object.keys(texts) as K[]).filter((key) => values[key] === '-');
  if (dashes.length > 1) throw usageError(`${dashes.map((key) => `${texts[key].flag} -`).join(' and ')}: standard input can give only one of them`, 'give the others as text or with their -file flags');
  const stdin = dashes[0];
  return {
    values,
    asking: stdin === undefined ? ctx : { ...ctx, interactive: false },
    /** The "missing values" error of a command asking nothing because of `-`, with the reason. */
    check(error: unknown): never {
      if (stdin === undefined || !ctx.interactive || !(error instanceof PdxError) || error.code !== 'usage') throw error;
      throw usageError(error.message, `with ${texts[stdin].flag} -, the terminal types it, so nothing else can be asked: pass the other values as flags too`);
    },
    /** Reads standard input into `into[key]`; typed at a terminal, it is kept like a typed answer until the record is saved. */
    async finish(into: Record<K, string>): Promise<void> {
      if (stdin === undefined) return;
      const { interviewOf } = await import('./interview.js');
      const interview = ctx.stdinIsTTY ? interviewOf(ctx) : undefined;
      const { question, flag } = texts[stdin];
      into[stdin] = await readStandardInput(ctx, flag, (typed) => interview?.interrupted(question, typed));
      interview?.keep(question, into[stdin]);
    },
  };
}
