import { handedOffLine, type GateFormatter, type GateReport } from './gate.js';
import { escapeMarkup, safeLine } from './safe-text.js';

const text = (value: string) => escapeMarkup(value);
const attr = (value: string) => escapeMarkup(value, { attribute: true });

/** One test case: passed, failed (with the located findings as its text) or skipped (with why). */
interface Case {
  classname: string;
  name: string;
  outcome: { kind: 'pass' } | { kind: 'failure'; message: string; type: string; text: string } | { kind: 'skipped'; message: string; text?: string };
}

interface Suite {
  name: string;
  package: string;
  /** Where the suite's records are: `file`, relative to where the report is read (the repository's root). */
  properties: [string, string][];
  cases: Case[];
}

/**
 * JUnit XML valid under both the Jenkins xunit `junit-10.xsd` and the Apache Ant schema
 * (windyroad's `JUnit.xsd`), which together ask for: a bare `<testsuites>` (the Ant schema allows it
 * no attribute); on every suite `name`, `package`, `id`, `tests`, `failures`, `errors`, `skipped`,
 * `time`, `timestamp` (no time zone) and `hostname`; in it `<properties>`, the cases, then
 * `<system-out>` and `<system-err>`; on every case `classname`, `name` and `time`. Neither schema
 * allows `file` on a test case, so a location is where readers find it: each finding's
 * `path:line:col` starts a line of the failure's text (what GitHub's JUnit reporters scan for),
 * and the suite's file is its `file` property.
 *
 * One suite per initiative with a case per rule (an error rule that fails is a failure, a warning
 * is skipped), one per product in product management (a skipped case), one for invalid files; a run
 * with nothing to check is one skipped case saying so, not `tests="0"`, which some reporters fail.
 * Every value from the repo is escaped for XML 1.0, newlines in attributes as `&#10;`.
 */
export const formatGateJunit: GateFormatter = (report, options) => {
  const suites = gateSuites(report);
  const timestamp = (options.now ?? new Date()).toISOString().slice(0, 19);
  const host = options.hostname?.trim() || 'localhost';
  const body = suites.map((s, id) => formatSuite(s, id, timestamp, host));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${body.join('')}</testsuites>\n`;
};

function gateSuites(report: GateReport): Suite[] {
  const stage = report.stage;
  const suites: Suite[] = [];
  for (const i of report.initiatives) {
    suites.push({
      name: `pdx gate ${stage}: ${i.id}`,
      package: `pdx.gate.${stage}`,
      properties: [['file', i.file], ['initiative', i.id], ['stage', i.stage]],
      cases: i.rules.map((r) => {
        // One located line per finding, with the command that fixes it: a newline in a value is shown escaped, so each stays one line.
        const located = r.findings.map((f) => safeLine(`${f.file}:${f.line}:${f.column} ${f.message} → ${f.fix}`)).join('\n');
        const outcome: Case['outcome'] = r.pass ? { kind: 'pass' } : r.severity === 'error' ? { kind: 'failure', message: r.message, type: r.id, text: located } : { kind: 'skipped', message: `warning: ${r.message}`, text: located };
        return { classname: `pdx.gate.${i.id}`, name: `${r.gate}/${r.id}`, outcome };
      }),
    });
  }
  // Not evaluated: one skipped case each, so a CI dashboard shows why the product is not gated.
  for (const h of report.handedOff) {
    suites.push({
      name: `pdx gate ${stage}: ${h.id}`,
      package: `pdx.gate.${stage}`,
      properties: [['file', h.file], ['initiative', h.id], ['stage', h.stage]],
      cases: [{ classname: `pdx.gate.${h.id}`, name: 'product-management', outcome: { kind: 'skipped', message: handedOffLine(h) } }],
    });
  }
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    suites.push({
      name: 'pdx validate',
      package: 'pdx.validate',
      properties: [],
      cases: errors.map((p) => ({ classname: 'pdx.validate', name: `${p.file}:${p.line ?? 1}`, outcome: { kind: 'failure', message: p.message, type: p.code, text: safeLine(`${p.file}:${p.line ?? 1}:${p.column ?? 1} ${p.message}`) } })),
    });
  }
  if (suites.length === 0) {
    const why = `no initiative is at or past ${stage}: nothing to check`;
    suites.push({ name: `pdx gate ${stage}`, package: `pdx.gate.${stage}`, properties: [], cases: [{ classname: 'pdx.gate', name: 'no initiative to check', outcome: { kind: 'skipped', message: why } }] });
  }
  return suites;
}

function formatSuite(s: Suite, id: number, timestamp: string, hostname: string): string {
  const count = (kind: string) => s.cases.filter((c) => c.outcome.kind === kind).length;
  const head = `name="${attr(s.name)}" package="${attr(s.package)}" id="${id}" tests="${s.cases.length}" failures="${count('failure')}" errors="0" skipped="${count('skipped')}" time="0" timestamp="${timestamp}" hostname="${attr(hostname)}"`;
  const properties = s.properties.length === 0 ? '    <properties/>\n' : `    <properties>\n${s.properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>\n`).join('')}    </properties>\n`;
  const cases = s.cases.map((c) => `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="0">${outcome(c.outcome)}</testcase>\n`).join('');
  return `  <testsuite ${head}>\n${properties}${cases}    <system-out/>\n    <system-err/>\n  </testsuite>\n`;
}

function outcome(o: Case['outcome']): string {
  if (o.kind === 'pass') return '';
  if (o.kind === 'failure') return `<failure message="${attr(o.message)}" type="${attr(o.type)}">${text(o.text)}</failure>`;
  return o.text ? `<skipped message="${attr(o.message)}">${text(o.text)}</skipped>` : `<skipped message="${attr(o.message)}"/>`;
}
