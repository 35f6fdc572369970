import { plural, problemItem } from './markdown.js';
import { countBySeverity, type ProblemFormatter } from './problems.js';

/** `pdx validate` in Markdown (for a job summary): the verdict, then one item per problem, each at its file and line. */
export const formatProblemsMarkdown: ProblemFormatter = ({ problems, fileCount }, options) => {
  const { errors, warnings } = countBySeverity(problems);
  const files = plural(fileCount, 'file');
  const head =
    errors > 0
      ? `## ❌ pdx validate: failed\n\n${plural(errors, 'error')}${warnings > 0 ? ` and ${plural(warnings, 'warning')}` : ''} in ${files}.`
      : `## ✅ pdx validate: passed\n\n${files} checked${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ', no problems'}.`;
  const items = problems.map(problemItem);
  return `${head}\n${items.length > 0 ? `\n${items.join('\n')}\n` : ''}\nRun \`${options?.rerun ?? 'pdx validate'}\` locally for the same list.\n`;
};
