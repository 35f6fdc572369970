import { join, relative, sep } from 'node:path';
import { EXIT } from '../../errors.js';
import { CONFIG_FILE } from '../../model/kinds.js';
import { loadProblemFormatter, type ProblemFormat } from '../../format/problems.js';
import { loadRepo } from '../../store/load.js';
import { findGitRoot, requireRoot } from '../../store/root.js';
import type { Context } from '../context.js';

export interface ValidateOptions {
  format: ProblemFormat;
  json?: boolean;
  asOf?: string;
}

/** `pdx validate`: exit 0 when clean (warnings allowed), 1 with errors, 2 when the config itself is broken. */
export async function validate(ctx: Context, options: ValidateOptions): Promise<number> {
  const root = requireRoot(ctx.cwd);
  const repo = await loadRepo(root, { ...(options.asOf ? { today: options.asOf, todayLabel: 'the --as-of date' } : { today: ctx.today }), cache: ctx.cache });
  const format: ProblemFormat = options.json ? 'json' : options.format;

  // Each consumer resolves paths from its own place: editors from the terminal's folder,
  // GitHub from the repository root, scripts from the pdx root (the contract).
  const base = format === 'text' ? ctx.cwd : format === 'github' ? (findGitRoot(root) ?? root) : root;
  const problems = repo.problems.map((p) => ({ ...p, file: relative(base, join(root, p.file)).split(sep).join('/') }));
  const formatter = await loadProblemFormatter(format);
  ctx.out(await formatter({ problems, fileCount: repo.fileCount }, { color: ctx.color }));

  if (repo.problems.some((p) => p.file === CONFIG_FILE && p.severity === 'error')) return EXIT.usage;
  return repo.problems.some((p) => p.severity === 'error') ? EXIT.failed : EXIT.ok;
}
