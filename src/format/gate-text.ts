import { Chalk } from 'chalk';
import type { GateFormatter } from './gate.js';
import { problemLine } from './problems-text.js';
import { safeLine } from './safe-text.js';

/** A checklist per initiative: ✓/✗/! per rule with the sentence saying what is missing. */
export const formatGateText: GateFormatter = (report, { color }) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const lines: string[] = [];
  lines.push(...report.problems.map((p) => problemLine(p, c)));
  if (report.problems.length > 0) lines.push('');
  for (const i of report.initiatives) {
    lines.push(`${c.bold(safeLine(i.id))} ${c.dim(`(${safeLine(i.stage)}, ${safeLine(i.file)})`)}  gate ${report.stage}: ${i.pass ? c.green('pass') : c.red('FAIL')}`);
    const width = Math.max(...i.rules.map((r) => r.id.length), 0);
    for (const r of i.rules) {
      const mark = r.pass ? c.green('✓') : r.severity === 'warn' ? c.yellow('!') : c.red('✗');
      lines.push(`  ${mark} ${r.id.padEnd(width)}  ${safeLine(r.message)}${r.pass ? '' : c.dim(`  ${safeLine(r.file)}:${r.line}`)}`);
    }
    lines.push('');
  }
  const failing = report.initiatives.filter((i) => !i.pass).length;
  const invalid = report.problems.filter((p) => p.severity === 'error').length;
  if (report.initiatives.length === 0 && invalid === 0) lines.push(c.green(`✓ no initiative is at or past ${report.stage}`));
  else if (report.ok) lines.push(c.green(`✓ ${report.initiatives.length} ${report.initiatives.length === 1 ? 'initiative passes' : 'initiatives pass'} the ${report.stage} gate`));
  else lines.push(c.red.bold(`✖ ${failing} of ${report.initiatives.length} initiatives fail the ${report.stage} gate${invalid > 0 ? `, and ${invalid} validation ${invalid === 1 ? 'error' : 'errors'}` : ''}`));
  return `${lines.join('\n')}\n`;
};
