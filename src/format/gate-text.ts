import { Chalk } from 'chalk';
import { handedOffLine, type GateFormatter } from './gate.js';
import { problemLine } from './problems-text.js';
import { safeLine } from './safe-text.js';

/** A checklist per initiative: ✓/✗/! per rule, then per finding a line saying what is missing and where, and the command that fixes it under it. */
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
      if (r.pass) {
        lines.push(`  ${mark} ${r.id.padEnd(width)}  ${safeLine(r.message)}`);
        continue;
      }
      // The first finding on the rule's line, the others under it: one located line each, its fix below it.
      r.findings.forEach((f, n) => {
        const head = n === 0 ? `  ${mark} ${r.id.padEnd(width)}` : ' '.repeat(width + 4);
        lines.push(`${head}  ${safeLine(f.message)}${c.dim(`  ${safeLine(f.file)}:${f.line}`)}`);
        lines.push(`${' '.repeat(width + 6)}→ ${safeLine(f.fix)}`);
      });
    }
    lines.push('');
  }
  // Gates no longer apply to a product in product management: one line each, nothing checked.
  for (const h of report.handedOff) lines.push(`${c.dim(safeLine(handedOffLine(h)))}`);
  if (report.handedOff.length > 0) lines.push('');
  const failing = report.initiatives.filter((i) => !i.pass).length;
  const invalid = report.problems.filter((p) => p.severity === 'error').length;
  if (report.initiatives.length === 0 && invalid === 0) lines.push(c.green(report.handedOff.length > 0 ? `✓ no initiative in discovery to check at ${report.stage}: gates no longer apply in product management` : `✓ no initiative is at or past ${report.stage}`));
  else if (report.ok) lines.push(c.green(`✓ ${report.initiatives.length} ${report.initiatives.length === 1 ? 'initiative passes' : 'initiatives pass'} the ${report.stage} gate`));
  else lines.push(c.red.bold(`✖ ${failing} of ${report.initiatives.length} initiatives fail the ${report.stage} gate${invalid > 0 ? `, and ${invalid} validation ${invalid === 1 ? 'error' : 'errors'}` : ''}`));
  return `${lines.join('\n')}\n`;
};
