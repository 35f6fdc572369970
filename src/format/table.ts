import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { safeBlock } from './safe-text.js';

/** A cell: plain text, or text in one of pdx's styles (applied after the text is escaped). */
export type Cell = string | { text: string; style: 'bold' | 'dim' | 'green' | 'yellow' | 'red' };

export interface TableOptions {
  color: boolean;
  /** Terminal width to fit in. */
  width: number;
}

/**
 * A table fitted to the terminal: columns keep their natural width while they fit, and the
 * widest ones wrap when they do not. Every cell is shown with its control characters escaped
 * (newlines kept: a cell may span lines). The only module that imports cli-table3.
 */
export function renderTable(head: string[], cells: Cell[][], { color, width }: TableOptions): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  if (cells.length === 0) return c.dim('(none)');
  const texts = cells.map((row) => row.map((cell) => safeBlock(typeof cell === 'string' ? cell : cell.text)));
  const natural = head.map((h, i) => Math.max(h.length, ...texts.map((r) => longestLine(r[i] ?? ''))) + 2);
  const budget = Math.max(width - (head.length + 1), head.length * 6);
  const widths = [...natural];
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 8) break;
    widths[widest]! -= 1;
  }
  // pdx wraps the plain text itself and colours it after: cli-table3 counts colour codes as
  // text when it wraps, and would cut an escape sequence in two.
  const fit = (text: string, i: number) => wrap(text, (widths[i] ?? 8) - 2).join('\n');
  const table = new Table({
    head: head.map((h, i) => c.bold(fit(h, i))),
    colWidths: widths,
    wordWrap: false,
    style: { head: [], border: color ? ['grey'] : [] },
  });
  table.push(...cells.map((row, r) => row.map((cell, i) => {
    const text = fit(texts[r]![i]!, i);
    return typeof cell === 'string' ? text : c[cell.style](text);
  })));
  return table.toString();
}

/** Lines of at most `max` characters, broken at spaces; a word longer than a line (an id) is broken mid-word rather than cut off. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(?<= )/)) {
      if (line.length + word.trimEnd().length > max && line.trim() !== '' && word.trim() !== '') {
        lines.push(line.trimEnd());
        line = '';
      }
      line += word;
      while (line.trimEnd().length > max) {
        lines.push(line.slice(0, max));
        line = line.slice(max);
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

function longestLine(text: string): number {
  return Math.max(...text.split('\n').map((l) => l.length));
}
