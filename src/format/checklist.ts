import { Chalk, type ChalkInstance } from 'chalk';
import { safeLine } from './safe-text.js';

/** One rule of a gate as a checklist shows it: what holds, or each thing missing with the command that supplies it. */
export interface ChecklistRule {
  id: string;
  pass: boolean;
  severity: 'error' | 'warn';
  /** The pass line, or the findings' sentences joined. */
  message: string;
  findings: { message: string; fix: string }[];
}

/** ✓ for a rule that holds, ✗ for one that fails the gate, ! for a failing warning. */
export function mark(rule: Pick<ChecklistRule, 'pass' | 'severity'>, c: ChalkInstance): string {
  return rule.pass ? c.green('✓') : rule.severity === 'warn' ? c.yellow('!') : c.red('✗');
}

/**
 * A gate's checklist, one line per rule that holds and one per finding of a rule that does not,
 * each finding's fix on the line under it (`→ pdx team add …`), aligned under the sentences.
 * Everything from the repo is escaped to one line.
 */
export function checklistLines(rules: ChecklistRule[], { color, indent = '  ' }: { color: boolean; indent?: string }): string[] {
  const c = new Chalk({ level: color ? 1 : 0 });
  const width = Math.max(0, ...rules.map((r) => r.id.length));
  const under = `${indent}  ${' '.repeat(width)}  `;
  const lines: string[] = [];
  for (const r of rules) {
    const head = `${indent}${mark(r, c)} ${r.id.padEnd(width)}  `;
    if (r.pass || r.findings.length === 0) {
      lines.push(`${head}${safeLine(r.message)}`);
      continue;
    }
    r.findings.forEach((f, n) => {
      lines.push(`${n === 0 ? head : under}${safeLine(f.message)}`);
      lines.push(`${under}${c.dim('→')} ${safeLine(f.fix)}`);
    });
  }
  return lines;
}
