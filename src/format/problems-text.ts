import { Chalk } from 'chalk';
import { countBySeverity, type ProblemFormatter } from './problems.js';

/** `path:line:col  error  message  code`, one per line (clickable in editors), then a summary. */
export const formatText: ProblemFormatter = ({ problems, fileCount }, { color }) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const lines = problems.map((p) => {
    const where = `${p.file}:${p.line ?? 1}:${p.column ?? 1}`;
    const severity = p.severity === 'error' ? c.red('error') : c.yellow('warning');
    return `${c.underline(where)}  ${severity}  ${p.message}  ${c.dim(p.code)}`;
  });
  const { errors, warnings } = countBySeverity(problems);
  const files = `${fileCount} ${fileCount === 1 ? 'file' : 'files'}`;
  if (problems.length === 0) {
    lines.push(c.green(`✓ ${files} checked, no problems`));
  } else {
    const affected = new Set(problems.map((p) => p.file)).size;
    const summary = `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} in ${affected} of ${files}`;
    lines.push('', errors > 0 ? c.red.bold(`✖ ${summary}`) : c.yellow.bold(`⚠ ${summary}`));
  }
  return `${lines.join('\n')}\n`;
};
