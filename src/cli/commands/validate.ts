import { join, relative, sep } from 'node:path';
import { EXIT } from '../../errors.js';
import { CONFIG_FILE } from '../../model/kinds.js';
import { loadProblemFormatter, type ProblemFormat } from '../../format/problems.js';
import { openWorkspace } from '../../engine/workspace.js';
import { findGitRoot, requireRoot } from '../../store/root.js';
import type { Context } from '../context.js';

export interface ValidateOptions {
  format: ProblemFormat;
  json?: boolean;
  asOf?: string;
}

/** `pdx validate`: exit 0 when clean (warnings allowed), 1 with errors (rule settings in the config included), 2 when the config cannot be read as one. */
export async function validate(ctx: Context, options: ValidateOptions): Promise<number> {
  const root = requireRoot(ctx.cwd);
  const ws = await openWorkspace(root, { ...(options.asOf ? { today: options.asOf, todayLabel: 'the --as-of date' } : { today: ctx.today }), cache: ctx.cache });
  const format: ProblemFormat = options.json ? 'json' : options.format;

  // Each consumer resolves paths from its own place: editors from the terminal's folder,
  // GitHub from the repository root, scripts from the pdx root (the contract).
  const base = format === 'text' ? ctx.cwd : format === 'github' ? (findGitRoot(root) ?? root) : root;
  const problems = ws.problems.map((p) => ({ ...p, file: relative(base, join(root, p.file)).split(sep).join('/') }));
  const formatter = await loadProblemFormatter(format);
  ctx.out(await formatter({ problems, fileCount: ws.repo.fileCount }, { color: ctx.color }));

  // A config that cannot be read as one leaves nothing to check against; a bad rule setting is a file problem like any other.
  if (ws.repo.problems.some((p) => p.file === CONFIG_FILE && p.severity === 'error')) return EXIT.usage;
  return ws.problems.some((p) => p.severity === 'error') ? EXIT.failed : EXIT.ok;
}
