import { Chalk } from 'chalk';
import Table from 'cli-table3';

export interface TableOptions {
  color: boolean;
  /** Terminal width to fit in. */
  width: number;
}

/**
 * A table fitted to the terminal: columns keep their natural width while they fit, and the
 * widest ones wrap when they do not. The only module that imports cli-table3.
 */
export function renderTable(head: string[], rows: string[][], { color, width }: TableOptions): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  if (rows.length === 0) return c.dim('(none)');
  const natural = head.map((h, i) => Math.max(h.length, ...rows.map((r) => longestLine(r[i] ?? ''))) + 2);
  const budget = Math.max(width - (head.length + 1), head.length * 6);
  const widths = [...natural];
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 8) break;
    widths[widest]! -= 1;
  }
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    colWidths: widths,
    wordWrap: true,
    // Ids have no spaces: wrap them mid-word rather than cutting them off.
    wrapOnWordBoundary: false,
    style: { head: [], border: color ? ['grey'] : [] },
  });
  table.push(...rows);
  return table.toString();
}

function longestLine(text: string): number {
  return Math.max(...text.split('\n').map((l) => l.length));
}
