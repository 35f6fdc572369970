import { checkHandoff, checkHandoffReady } from '../../engine/handoff.js';
import { EXIT, usageError } from '../../errors.js';
import { isValidId } from '../../model/ids.js';
import type { Context } from '../context.js';
import { whoIsWriting } from '../identity.js';
import { askHandoff } from '../ids.js';
import { fill, isPlaceholder, missingFlags, openForWrite, runWrite, type WriteFlags } from '../write.js';

export interface HandoffOptions extends WriteFlags {
  domain?: string;
  name?: string;
  purpose?: string;
  date?: string;
  force?: boolean;
  reason?: string;
}

/**
 * `pdx handoff [ID] --domain D`: hands an initiative at mvp that passes the mvp gate to a
 * product-management domain (created from --name/--purpose when it does not exist), in one
 * transaction; from then on gates no longer apply to it. Exit 1 with the gate's checklist when
 * it fails, unless forced with a reason.
 */
export async function handoff(ctx: Context, given: string | undefined, options: HandoffOptions): Promise<number> {
  const writing = whoIsWriting(ctx);
  const session = await openForWrite(ctx);
  const date = options.date ?? session.today;
  const id = await askHandoff(ctx, session.ws, given, date);
  const blank = (v: string | undefined) => (isPlaceholder(v) ? undefined : v);
  const newDomain = blank(options.name) !== undefined || blank(options.purpose) !== undefined;
  // Everything that does not depend on the domain is checked before it is asked for: the
  // stage, --force, the mvp gate as of the day. Nothing typed is refused afterwards.
  if (blank(options.domain) === undefined && ctx.interactive) checkHandoffReady(session.ws, id, { date, force: options.force, reason: options.reason });
  const { domain } = await fill(ctx, 'handoff', { domain: blank(options.domain) }, {
    domain: {
      flag: '--domain',
      ask: async () => {
        const prompts = await ctx.prompts();
        const ids = new Set(session.records.domain.map((d) => d.data.id));
        // A domain that already lists the product is the only one it can go to.
        const listing = session.records.domain.find((d) => d.data.products.includes(id));
        if (listing && newDomain) throw usageError(`domain ${listing.data.id} already lists ${id} among its products (${listing.file}): --name and --purpose are for a new domain`, `hand it to that domain: pdx handoff ${id} --domain ${listing.data.id}`);
        const domains = (listing ? [listing] : session.records.domain).map((d) => ({ value: d.data.id, name: `${d.data.id}  ${d.data.name}` }));
        const NEW = '\u0000new';
        const chosen = newDomain || domains.length === 0 ? NEW : await prompts.askChoice('Domain it goes to:', listing ? domains : [...domains, { value: NEW, name: 'a new domain' }]);
        if (chosen !== NEW) return chosen;
        return prompts.askText('New domain id (e.g. shipper-onboarding):', undefined, {
          required: true,
          validate: (v) => (!isValidId(v) ? 'lowercase letters and digits in words joined by single dashes, e.g. shipper-onboarding' : newDomain && ids.has(v) ? `domain ${v} exists already: --name and --purpose are for a new one` : true),
        });
      },
    },
  });
  const check = checkHandoff(session.ws, id, {
    domain,
    name: blank(options.name),
    purpose: blank(options.purpose),
    date,
    force: options.force,
    reason: options.reason,
    lacking: (missing) => {
      if (!ctx.interactive) throw missingFlags(missing.map((k) => `--${k}`), 'handoff');
    },
  });
  const values = check.missing.length === 0 ? {} : await fill(ctx, 'handoff', Object.fromEntries(check.missing.map((k) => [k, undefined])) as { name?: string; purpose?: string }, {
    name: { flag: '--name', ask: async () => (await ctx.prompts()).askText(`Name of the new domain ${domain}:`, undefined, { required: true }) },
    purpose: { flag: '--purpose', ask: async () => (await ctx.prompts()).askText('Purpose (a bounded area of the product):', undefined, { required: true }) },
  });
  const author = await writing;
  const code = await runWrite(ctx, session, options, () => check.plan({ ...values, by: author.by }), { author });
  if (code !== EXIT.ok || options.json) return code;
  ctx.out(
    [
      '',
      `${id} is handed to product management: domain ${domain}${check.existing ? '' : ' (new)'}, since ${date}${check.forcedPast ? `, forced past ${check.forcedPast.join(', ')}` : ''}.`,
      `  gates no longer apply to ${id} (pdx gate skips it)`,
      `  outcomes:   pdx okr add --domain ${domain} --product ${id} --period … --objective "…"`,
      `  expansion:  pdx expand ${id} --title "…"`,
    ].join('\n'),
  );
  return code;
}
