import type { Problem } from '../errors.js';
import { countBySeverity, type ProblemFormatter } from './problems.js';
import { toJson } from './safe-text.js';

const entry = ({ file, line, column, code, message }: Problem) => ({ file, line: line ?? null, column: column ?? null, code, message });

/** The contract's `{ ok, errors: [{ file, line, column, code, message }] }`, plus warnings and counts. */
export const formatJson: ProblemFormatter = ({ problems, fileCount }) => {
  const { errors } = countBySeverity(problems);
  return `${toJson({
    ok: errors === 0,
    files: fileCount,
    errors: problems.filter((p) => p.severity === 'error').map(entry),
    warnings: problems.filter((p) => p.severity === 'warning').map(entry),
  })}\n`;
};
