import { Chalk, type ChalkInstance } from 'chalk';
import type { Problem } from '../errors.js';
import { countBySeverity, type ProblemFormatter } from './problems.js';
import { safeLine } from './safe-text.js';

/**
 * `path:line:col  error  message  code`: the one way pdx prints a located problem as text. File
 * names and messages quote the repo, so they are escaped: one problem stays one line.
 */
export function problemLine(p: Problem, c: ChalkInstance = new Chalk({ level: 0 })): string {
  const where = `${safeLine(p.file)}:${p.line ?? 1}:${p.column ?? 1}`;
  const severity = p.severity === 'error' ? c.red('error') : c.yellow('warning');
  return `${c.underline(where)}  ${severity}  ${safeLine(p.message)}  ${c.dim(safeLine(p.code))}`;
}

/** One problem per line (clickable in editors), then a summary. */
export const formatText: ProblemFormatter = ({ problems, fileCount }, { color }) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const lines = problems.map((p) => problemLine(p, c));
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
