import { formatGithub } from './problems-github.js';
import type { GateFormatter } from './gate.js';

/** Workflow annotations on the offending lines: failing rules, validation problems, forced moves. */
export const formatGateGithub: GateFormatter = (report, options) =>
  formatGithub(
    {
      fileCount: 0,
      problems: [
        ...report.problems,
        ...report.initiatives.flatMap((i) =>
          i.rules
            .filter((r) => !r.pass)
            .map((r) => ({
              file: r.file,
              line: r.line,
              column: r.column,
              severity: r.severity === 'error' ? ('error' as const) : ('warning' as const),
              code: `gate ${report.stage}/${r.id}`,
              message: `${i.id} cannot be at ${report.stage}: ${r.message}`,
            })),
        ),
      ],
    },
    options,
  ) as string;
