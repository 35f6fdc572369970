import type { ProblemFormatter } from './problems.js';
import { escapeControls } from './safe-text.js';

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

/**
 * As @actions/core escapes a command's message: `%`, CR and LF percent-encoded, so a value can
 * neither end the command nor start another. Other control characters are shown escaped first:
 * the annotation is read in a browser and in the raw log.
 */
function escapeData(text: string): string {
  return escapeControls(text, '\r\n').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core escapes a property value: the message's escapes, plus `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
