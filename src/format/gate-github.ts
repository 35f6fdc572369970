import { formatGithub } from './problems-github.js';
import type { GateFormatter } from './gate.js';

/** Workflow annotations on the offending lines: each finding of a failing rule at its own file and line with the command that fixes it, validation problems, forced moves. */
export const formatGateGithub: GateFormatter = (report, options) =>
  formatGithub(
    {
      fileCount: 0,
      problems: [
        ...report.problems,
        ...report.initiatives.flatMap((i) =>
          i.rules.flatMap((r) =>
            r.findings.map((f) => ({
              file: f.file,
              line: f.line,
              column: f.column,
              severity: r.severity === 'error' ? ('error' as const) : ('warning' as const),
              code: `gate ${report.stage}/${r.id}`,
              message: `${i.id} cannot be at ${report.stage}: ${f.message} → ${f.fix}`,
            })),
          ),
        ),
      ],
    },
    options,
  ) as string;
