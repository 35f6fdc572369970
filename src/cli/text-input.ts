import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from '../errors.js';
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
export function textOption(ctx: Context, flag: string, value: string | undefined, file: string | undefined): string | undefined {
  if (file === undefined) return value;
  if (value !== undefined) throw usageError(`${flag} and ${flag}-file both give the ${flag.slice(2)}: pass one of them`);
  return readTextFile(ctx, file, `${flag}-file`);
}

/** Reads `--x-file F`: F relative to the folder pdx was started in. */
export function readTextFile(ctx: Context, file: string, flag: string): string {
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
export async function readStandardInput(ctx: Context, flag: string, interrupted?: (typed: string) => void): Promise<string> {
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
