import { decisionLog } from '../../engine/log.js';
import { formatLogMarkdown, logTextParts } from '../../format/log-text.js';
import { toJson } from '../../format/safe-text.js';
import type { Context } from '../context.js';
import { openForRead } from '../read.js';

export interface LogOptions {
  format: 'text' | 'markdown' | 'json';
  json?: boolean;
  initiative?: string;
  since?: string;
}

/** `pdx log`: the decision log as one timeline, newest first. */
export async function log(ctx: Context, options: LogOptions): Promise<number> {
  // Texts apart: only the statements and learning cards of the entries are read.
  const session = await openForRead(ctx, { json: options.json === true || options.format === 'json' }, { texts: 'apart' });
  const result = await decisionLog(session.ws, { today: ctx.today, initiative: options.initiative, since: options.since, cache: ctx.cache });
  const format = options.json ? 'json' : options.format;
  ctx.out(format === 'json' ? toJson(result) : format === 'markdown' ? formatLogMarkdown(result) : logTextParts(result, { color: ctx.color, width: ctx.columns }));
  return session.exitCode;
}
