import type { Problem } from '../errors.js';
import { githubAnnotations } from './problems-github.js';
import { findingLine, type GateFormatter } from './gate.js';

/**
 * Workflow annotations on the offending lines, within GitHub's limits (ten errors and ten
 * warnings per step), the most important first: validation problems (unreadable files leading: a
 * gate over a file pdx cannot read means little), then the failing rules' findings, each at its
 * own file and line with the command that fixes it, taken from the initiatives in turn (the first
 * finding of each, then the second of each…) so that one initiative cannot hide the others; then
 * the warnings in the same order; then one notice counting what was left out.
 */
export const formatGateGithub: GateFormatter = (report, options) => {
  const perInitiative: Problem[][] = report.initiatives.map((i) =>
    i.rules.flatMap((r) =>
      r.findings.map((f) => ({
        file: f.file,
        line: f.line,
        column: f.column,
        severity: r.severity === 'error' ? ('error' as const) : ('warning' as const),
        code: `gate ${report.stage}/${r.id}`,
        message: findingLine(i.id, report.stage, f),
      })),
    ),
  );
  const inTurn: Problem[] = [];
  for (let n = 0; perInitiative.some((findings) => n < findings.length); n++) {
    for (const findings of perInitiative) if (n < findings.length) inTurn.push(findings[n]!);
  }
  return githubAnnotations([...report.problems, ...inTurn], options?.rerun ?? `pdx gate ${report.stage}`);
};
