import { handedOffLine, type GateFormatter } from './gate.js';
import { escapeMarkup } from './safe-text.js';

const text = (value: string) => escapeMarkup(value);
const attr = (value: string) => escapeMarkup(value, { attribute: true });

/** JUnit XML: one test case per initiative × rule (a failure lists each finding on its own line), one skipped case per initiative in product management, and one per invalid file. Every value from the repo is escaped for XML 1.0. */
export const formatGateJunit: GateFormatter = (report) => {
  const suites: string[] = [];
  for (const i of report.initiatives) {
    const failures = i.rules.filter((r) => !r.pass && r.severity === 'error').length;
    const cases = i.rules.map((r) => {
      const name = `${r.gate}/${r.id}`;
      // The failure's text: one located line per finding, with the command that fixes it.
      const located = r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message} → ${f.fix}`).join('\n');
      const body = r.pass ? '' : r.severity === 'error' ? `<failure message="${attr(r.message)}" type="${attr(r.id)}">${text(located)}</failure>` : `<skipped message="${attr(`warning: ${r.message}`)}"/>`;
      return `    <testcase classname="pdx.gate.${attr(i.id)}" name="${attr(name)}" file="${attr(r.file ?? i.file)}">${body}</testcase>`;
    });
    suites.push(`  <testsuite name="pdx gate ${attr(report.stage)}: ${attr(i.id)}" tests="${i.rules.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  // Not evaluated: one skipped case each, so a CI dashboard shows why the product is not gated.
  for (const h of report.handedOff) {
    const body = `<skipped message="${attr(handedOffLine(h))}"/>`;
    suites.push(`  <testsuite name="pdx gate ${attr(report.stage)}: ${attr(h.id)}" tests="1" failures="0" skipped="1">\n    <testcase classname="pdx.gate.${attr(h.id)}" name="product-management" file="${attr(h.file)}">${body}</testcase>\n  </testsuite>`);
  }
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const cases = errors.map((p) => `    <testcase classname="pdx.validate" name="${attr(`${p.file}:${p.line ?? 1}`)}" file="${attr(p.file)}"><failure message="${attr(p.message)}" type="${attr(p.code)}"/></testcase>`);
    suites.push(`  <testsuite name="pdx validate" tests="${errors.length}" failures="${errors.length}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const tests = report.initiatives.reduce((n, i) => n + i.rules.length, 0) + report.handedOff.length + errors.length;
  const failures = report.initiatives.reduce((n, i) => n + i.rules.filter((r) => !r.pass && r.severity === 'error').length, 0) + errors.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pdx gate ${attr(report.stage)}" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
};
