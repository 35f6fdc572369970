import { handedOffLine, type GateFormatter, type GateReport, type GateRuleLine } from './gate.js';
import { code, plural, problemItem } from './markdown.js';
import { escapeMarkdown as md } from './safe-text.js';

/**
 * A reviewable checklist in Markdown (for a job summary or a pull-request comment): the verdict,
 * a table of the initiatives, validation problems, then per initiative (failing ones first) each
 * rule with a mark and a word (✅ pass, ❌ fail, ⚠️ warning), each finding at its file and line
 * with the command that fixes it. Everything from the repo is escaped for Markdown.
 */
export const formatGateMarkdown: GateFormatter = (report, options) => {
  const lines: string[] = [];
  const failing = report.initiatives.filter((i) => !i.pass);
  const failingFirst = [...failing, ...report.initiatives.filter((i) => i.pass)];
  const errors = report.problems.filter((p) => p.severity === 'error');
  lines.push(`## ${report.ok ? '✅' : '❌'} pdx gate ${md(report.stage)}: ${report.ok ? 'passed' : 'failed'}`, '');
  lines.push(verdict(report, failing.length, errors.length), '');
  if (report.initiatives.length > 0) {
    lines.push(`| Initiative | Stage | Gate ${md(report.stage)} |`, '| --- | --- | --- |');
    for (const i of failingFirst) {
      const failed = i.rules.filter((r) => !r.pass && r.severity === 'error').length;
      lines.push(`| ${md(i.id)} | ${md(i.stage)} | ${i.pass ? '✅ passes' : `❌ fails (${plural(failed, 'rule')})`} |`);
    }
    lines.push('');
  }
  if (report.problems.length > 0) {
    lines.push('### Validation problems', '', ...report.problems.map(problemItem), '');
  }
  for (const i of failingFirst) {
    lines.push(`### ${i.pass ? '✅' : '❌'} ${md(i.id)}: ${i.pass ? 'passes' : 'fails'} the ${md(report.stage)} gate`, '');
    lines.push(`Stage ${md(i.stage)}, in ${code(i.file)}.`, '');
    lines.push(...i.rules.flatMap(ruleItems), '');
  }
  if (report.handedOff.length > 0) {
    lines.push('### Not checked: in product management', '', ...report.handedOff.map((h) => `- ➖ skipped: ${md(handedOffLine(h))}`), '');
  }
  lines.push(`Run ${code(options?.rerun ?? `pdx gate ${report.stage}`)} locally for the same checklist.`);
  return `${lines.join('\n')}\n`;
};

function verdict(report: GateReport, failing: number, invalid: number): string {
  const n = report.initiatives.length;
  const stage = md(report.stage);
  if (n === 0 && invalid === 0) return report.handedOff.length > 0 ? `No initiative in discovery to check at ${stage}: gates no longer apply in product management.` : `No initiative is at or past ${stage}.`;
  if (report.ok) return `${n === 1 ? '1 initiative passes' : `${n} initiatives pass`} the ${stage} gate.`;
  return `${failing} of ${plural(n, 'initiative')} ${failing === 1 ? 'fails' : 'fail'} the ${stage} gate${invalid > 0 ? `, and ${plural(invalid, 'validation error')}` : ''}.`;
}

/** A rule's line, and under a failing one its findings, each with its place and its fix. */
function ruleItems(r: GateRuleLine): string[] {
  const mark = r.pass ? '✅ pass' : r.severity === 'warn' ? '⚠️ warning' : '❌ fail';
  if (r.pass) return [`- ${mark}: ${code(r.id)} ${md(r.message)}`];
  return [`- ${mark}: ${code(r.id)}`, ...r.findings.flatMap((f) => [`  - ${md(f.message)} (${code(`${f.file}:${f.line}`)})`, `    fix: ${code(f.fix)}`])];
}
