import type { Problem } from '../errors.js';
import { plural } from './markdown.js';
import type { ProblemFormatter } from './problems.js';
import { escapeControls } from './safe-text.js';

/**
 * GitHub shows at most 10 error and 10 warning annotations per step (50 per job) and drops the
 * rest without a word, so pdx prints no more than that of each, the most important first.
 */
export const ANNOTATION_LIMIT = 10;

/**
 * Problems that make every other finding in a file unreliable come first: a file that cannot be
 * read or parsed, then a config pdx cannot use, then everything else in the order given.
 */
const RANK: [RegExp, number][] = [
  [/^(yaml\/|file\/(unreadable|symlink|too-large|too-long|not-regular|encoding|binary|empty|submodule)$)/, 0],
  [/^config\//, 1],
];
const rank = (p: Problem) => RANK.find(([pattern]) => pattern.test(p.code))?.[1] ?? 2;

/** GitHub Actions workflow commands: each problem becomes an annotation on its file and line. */
export const formatGithub: ProblemFormatter = ({ problems }, options) => githubAnnotations(problems, options?.rerun ?? 'pdx validate');

/**
 * Annotations for `problems`, at most ten errors and ten warnings: errors in the order given
 * (the unreadable and unparsable files first), then warnings likewise. When some are left out,
 * one notice (on no file) says how many, and which command lists them all. (Not the job summary:
 * the annotations are printed before it is written, and it may be turned off or cut at GitHub's
 * 1 MiB, so no formatter can say it holds them all.)
 */
export function githubAnnotations(problems: Problem[], command: string): string {
  // A stable sort: the order given stays within each rank.
  const ordered = problems.map((p, n) => ({ p, n })).sort((a, b) => rank(a.p) - rank(b.p) || a.n - b.n).map(({ p }) => p);
  const errors = ordered.filter((p) => p.severity === 'error');
  const warnings = ordered.filter((p) => p.severity !== 'error');
  const shown = [...errors.slice(0, ANNOTATION_LIMIT), ...warnings.slice(0, ANNOTATION_LIMIT)];
  let out = shown.map(annotation).join('');
  const moreErrors = Math.max(0, errors.length - ANNOTATION_LIMIT);
  const moreWarnings = Math.max(0, warnings.length - ANNOTATION_LIMIT);
  if (moreErrors + moreWarnings > 0) {
    const more = [moreErrors > 0 ? plural(moreErrors, 'more error') : '', moreWarnings > 0 ? plural(moreWarnings, 'more warning') : ''].filter(Boolean).join(' and ');
    const message = `${more} not shown as annotations (GitHub shows at most ${ANNOTATION_LIMIT} errors and ${ANNOTATION_LIMIT} warnings per step). All ${plural(problems.length, 'finding')} are in the output of ${command} run locally.`;
    out += `::notice title=${escapeProperty('pdx: more findings')}::${escapeData(message)}\n`;
  }
  return out;
}

function annotation(p: Problem): string {
  const command = p.severity === 'error' ? 'error' : 'warning';
  const props = [`file=${escapeProperty(p.file)}`];
  if (p.line !== undefined) props.push(`line=${p.line}`);
  if (p.column !== undefined) props.push(`col=${p.column}`);
  props.push(`title=${escapeProperty(`pdx ${p.code}`)}`);
  return `::${command} ${props.join(',')}::${escapeData(p.message)}\n`;
}

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
