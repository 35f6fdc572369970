import type { ProblemFormatter } from './problems.js';

/** GitHub Actions workflow commands: each problem becomes an annotation on its file and line. */
export const formatGithub: ProblemFormatter = ({ problems }) =>
  problems
    .map((p) => {
      const command = p.severity === 'error' ? 'error' : 'warning';
      const props = [`file=${escapeProperty(p.file)}`];
      if (p.line !== undefined) props.push(`line=${p.line}`);
      if (p.column !== undefined) props.push(`col=${p.column}`);
      props.push(`title=${escapeProperty(`pdx ${p.code}`)}`);
      return `::${command} ${props.join(',')}::${escapeData(p.message)}\n`;
    })
    .join('');

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
