import { readFileSync, statSync } from 'node:fs';
import type { Problem } from '../errors.js';

/** Records are small; a bigger file is a mistake (or an attack on the quadratic duplicate-key check). */
export const MAX_FILE_BYTES = 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a record file as UTF-8 text, refusing what would otherwise parse as garbage: oversized
 * files, binary content, UTF-16 and invalid UTF-8. `file` is the repo-relative name for messages.
 */
export function readTextFile(absolute: string, file: string): { text: string } | { problem: Problem } {
  const fail = (code: string, message: string, line = 1, column = 1): { problem: Problem } => ({
    problem: { file, line, column, severity: 'error', code, message },
  });
  let size: number;
  try {
    size = statSync(absolute).size;
  } catch (error) {
    return fail('file/unreadable', `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (size > MAX_FILE_BYTES) {
    return fail(
      'file/too-large',
      `file is ${(size / 1024 / 1024).toFixed(1)} MB; a record must be under ${MAX_FILE_BYTES / 1024 / 1024} MB — split it into several records`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    return fail('file/unreadable', `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return decodeText(bytes, file);
}

/** Decodes a record's bytes as UTF-8 text, or says precisely why they are not YAML text. */
export function decodeText(bytes: Buffer, file: string): { text: string } | { problem: Problem } {
  const fail = (code: string, message: string, line = 1, column = 1): { problem: Problem } => ({
    problem: { file, line, column, severity: 'error', code, message },
  });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail('file/encoding', 'file is encoded as UTF-16; save it as UTF-8');
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = positionOfByte(bytes, nul);
    return fail('file/binary', 'file holds binary data (a NUL byte), not YAML text', line, column);
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const { line, column } = firstInvalidUtf8(bytes);
    return fail('file/encoding', 'file is not valid UTF-8 text; save it as UTF-8', line, column);
  }
}

function positionOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Line and column of the first sequence that is not UTF-8: where the lenient decoder substitutes U+FFFD. */
function firstInvalidUtf8(bytes: Buffer): { line: number; column: number } {
  const lines = new TextDecoder('utf-8').decode(bytes).split('\n');
  const line = lines.findIndex((text) => text.includes('\uFFFD'));
  if (line === -1) return { line: 1, column: 1 };
  return { line: line + 1, column: lines[line]!.indexOf('\uFFFD') + 1 };
}
