import { parseSourceJob, readSourceSummary } from '../../engine/portfolio.js';
import { EXIT } from '../../errors.js';
import { toJsonPieces } from '../../format/safe-text.js';
import { UNREADABLE_HINT } from '../../store/read.js';
import type { Context } from '../context.js';

/**
 * `pdx __portfolio-source` (hidden): what `pdx portfolio` runs in a child process for each
 * source. Reads one job as JSON on standard input and writes `{ summary, … }` on standard output,
 * the summary being what `pdx report --json` gives there; exits 1, as the report does, when some
 * file could not be read, and fails as the report would (one `pdx: …` line first) otherwise.
 */
export async function portfolioSource(ctx: Context): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.stdin()) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const job = parseSourceJob(Buffer.concat(chunks).toString('utf8'));
  const { result, unreadable } = await readSourceSummary(job);
  for (const line of unreadable) ctx.err(`pdx: ${line}`);
  if (unreadable.length > 0) ctx.err(`  hint: ${UNREADABLE_HINT}`);
  // For the parent, not a reader: one line, a third smaller than indented.
  ctx.out(toJsonPieces(result, 0));
  return unreadable.length > 0 ? EXIT.failed : EXIT.ok;
}
