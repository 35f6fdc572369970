import { EXIT } from '../../errors.js';
import { CONFIG_FILE } from '../../model/kinds.js';
import { loadProblemFormatter, type ProblemFormat } from '../../format/problems.js';
import { openWorkspace } from '../../engine/workspace.js';
import { requireRoot } from '../../store/root.js';
import { outputBase, rebasePath, rerunCommand } from '../output-paths.js';
import type { Context } from '../context.js';

export interface ValidateOptions {
  format: ProblemFormat;
  json?: boolean;
  asOf?: string;
}

/** `pdx validate`: exit 0 when clean (warnings allowed), 1 with errors (rule settings in the config included), 2 when the config cannot be read as one. */
export async function validate(ctx: Context, options: ValidateOptions): Promise<number> {
  const root = requireRoot(ctx.cwd);
  const ws = await openWorkspace(root, { ...(options.asOf ? { today: options.asOf, todayLabel: 'the --as-of date' } : { today: ctx.today }), cache: ctx.cache, texts: false });
  const format: ProblemFormat = options.json ? 'json' : options.format;

  // Each consumer resolves paths from its own place (see outputBase).
  const base = outputBase(format, { cwd: ctx.cwd, root });
  const problems = ws.problems.map((p) => ({ ...p, file: rebasePath(p.file, root, base) }));
  const formatter = await loadProblemFormatter(format);
  const rerun = rerunCommand(base, root, ['validate', ...(options.asOf ? ['--as-of', options.asOf] : [])]);
  ctx.out(await formatter({ problems, fileCount: ws.repo.fileCount }, { color: ctx.color, rerun }));

  // A config that cannot be read as one leaves nothing to check against; a bad rule setting is a file problem like any other.
  if (ws.repo.problems.some((p) => p.file === CONFIG_FILE && p.severity === 'error')) return EXIT.usage;
  return ws.problems.some((p) => p.severity === 'error') ? EXIT.failed : EXIT.ok;
}
