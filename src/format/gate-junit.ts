import type { GateFormatter } from './gate.js';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: one test case per initiative × rule, and one per invalid file. */
export const formatGateJunit: GateFormatter = (report) => {
  const suites: string[] = [];
  for (const i of report.initiatives) {
    const failures = i.rules.filter((r) => !r.pass && r.severity === 'error').length;
    const cases = i.rules.map((r) => {
      const name = `${r.gate}/${r.id}`;
      const body = r.pass ? '' : r.severity === 'error' ? `<failure message="${escape(r.message)}" type="${r.id}">${escape(`${r.file}:${r.line}:${r.column} ${r.message}`)}</failure>` : `<skipped message="${escape(`warning: ${r.message}`)}"/>`;
      return `    <testcase classname="pdx.gate.${escape(i.id)}" name="${escape(name)}" file="${escape(r.file ?? i.file)}">${body}</testcase>`;
    });
    suites.push(`  <testsuite name="pdx gate ${escape(report.stage)}: ${escape(i.id)}" tests="${i.rules.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const cases = errors.map((p) => `    <testcase classname="pdx.validate" name="${escape(`${p.file}:${p.line ?? 1}`)}" file="${escape(p.file)}"><failure message="${escape(p.message)}" type="${escape(p.code)}"/></testcase>`);
    suites.push(`  <testsuite name="pdx validate" tests="${errors.length}" failures="${errors.length}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const tests = report.initiatives.reduce((n, i) => n + i.rules.length, 0) + errors.length;
  const failures = report.initiatives.reduce((n, i) => n + i.rules.filter((r) => !r.pass && r.severity === 'error').length, 0) + errors.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pdx gate ${escape(report.stage)}" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
};
