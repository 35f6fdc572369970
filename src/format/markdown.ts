import type { Problem } from '../errors.js';
import { escapeMarkdown, safeLine } from './safe-text.js';

/**
 * Text from the repo as inline code (a path, a command): kept on one line, and fenced by more
 * backticks than it holds in a row, padded when it starts or ends with one, so it cannot close
 * the span early. Code spans show `<`, `|` and `*` as they are.
 */
export function code(text: string): string {
  const line = safeLine(text);
  const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || line.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** One validation problem as a list item: a mark and a word, the message, where, and its code. */
export function problemItem(p: Problem): string {
  const where = `${p.file}${p.line === undefined ? '' : `:${p.line}${p.column === undefined ? '' : `:${p.column}`}`}`;
  return `- ${p.severity === 'error' ? '❌ error' : '⚠️ warning'}: ${escapeMarkdown(p.message)} (${code(where)}, ${code(p.code)})`;
}
