import { findRecord } from '../../authoring/plan.js';
import type { Initiative } from '../../model/initiative.js';
import { safeLine } from '../../format/safe-text.js';
import { paragraph, renderTable } from '../../format/table.js';
import { expansionsOf, isHandedOff, parentOf } from '../../model/products.js';
import { asOfSnapshot } from '../../model/records.js';
import type { Context } from '../context.js';
import { askInitiative } from '../ids.js';
import { openForRead, print, type ReadFlags } from '../read.js';

/** The handoff as the last row of the history table: to which domain, when, by whom, and for a forced one why and past which rules. */
function handoffRow(handoff: NonNullable<Initiative['handoff']>, domain: string | undefined): string[] {
  const forced = handoff.forced ? `forced${handoff.failedRules?.length ? ` past ${handoff.failedRules.join(', ')}` : ''}` : '';
  return [`handed off to ${domain ?? '(no domain)'}`, handoff.date, handoff.by ?? '', [handoff.reason, forced].filter(Boolean).join(' — ')];
}

/**
 * `pdx initiative show [ID]`: the initiative, its team and history, and its hypotheses; for an
 * expansion its parent (and the parent's domain), for a product its domain, the day it was
 * handed off, and its expansions.
 */
export async function initiativeShow(ctx: Context, given: string | undefined, flags: ReadFlags): Promise<number> {
  const session = await openForRead(ctx, flags);
  const { ws } = session;
  const id = await askInitiative(ctx, ws, given, 'initiative show');
  const { data, file } = findRecord(ws.records, 'initiative', id);
  const hypotheses = ws.records.hypothesis.filter((h) => h.data.initiative === id).map((h) => h.data);
  const evidence = ws.records.evidence.filter((e) => e.data.initiative === id);
  const experiments = ws.records.experiment.filter((x) => x.data.initiative === id).map((x) => x.data);
  // In product management from the day of its handoff: today's snapshot hides one dated later.
  const today = asOfSnapshot(ws.records, ctx.today);
  const self = today.initiative.find((r) => r.data.id === id)?.data ?? data;
  const expands = parentOf(today, data);
  const parentRecord = expands ? today.initiative.find((r) => r.data.id === expands.id)?.data : undefined;
  const product = isHandedOff(self) ? { domain: self.domain ?? null, handedOffOn: self.handoff!.date, by: self.handoff!.by ?? null, forced: self.handoff!.forced === true, reason: self.handoff!.reason ?? null } : null;
  const expansions = expansionsOf(today, id);
  const summary = { ...data, file, expands, product, expansions, hypotheses: hypotheses.map((h) => ({ id: h.id, kind: h.kind, status: h.status })), evidence: evidence.length, experiments: experiments.map((x) => ({ id: x.id, type: x.type, status: x.status })) };
  const options = { color: ctx.color, width: ctx.columns };
  // Prose wrapped to the terminal, later lines indented: paragraph escapes what it prints.
  const p = (text: string) => paragraph([text], options, 2);
  return print(ctx, session, summary, () =>
    [
      p(`${safeLine(data.title)}  (${data.id}, ${safeLine(file)})`),
      p(`stage: ${data.stage}   risk: ${data.risk}${data.releasedOn ? `   released: ${data.releasedOn}` : ''}`),
      product ? p(`product of ${product.domain ?? 'no domain'}, handed off on ${product.handedOffOn}${product.by ? ` by ${product.by}` : ''}${product.forced ? ` (forced${product.reason ? `: ${product.reason}` : ''})` : ''}`) : '',
      expands ? p(`expands: ${expands.id}${expands.domain ? `, a product of ${expands.domain}` : parentRecord ? ` (${parentRecord.stage}, not handed off yet)` : ''}`) : '',
      data.objective ? p(`objective: ${data.objective}`) : '',
      data.epiphany ? p(`epiphany${data.epiphanyOn ? ` (${data.epiphanyOn})` : ''}: ${data.epiphany}`) : '',
      p(`ideas: ${data.ideas.length}   evidence: ${evidence.length}   feedback group: ${data.feedbackGroup.length}   paying customers: ${data.customers.filter((c) => !c.churnedOn).length}`),
      '',
      renderTable(['team', 'role', 'joined'], data.team.map((m) => [m.name, m.role, m.joined ?? '']), options),
      renderTable(['stage', 'entered', 'by', 'reason'], [...data.history.map((h) => [h.stage, h.date, h.by ?? '', h.reason ?? '']), ...(data.handoff ? [handoffRow(data.handoff, data.domain)] : [])], options),
      renderTable(['hypothesis', 'kind', 'status', 'claims'], hypotheses.map((h) => [h.id, h.kind, h.status, String(h.claims.length)]), options),
      renderTable(['experiment', 'type', 'status'], experiments.map((x) => [x.id, x.type, x.status]), options),
      product || expansions.length > 0 ? renderTable(['expansion', 'stage', 'title'], expansions.map((x) => [x.id, `${x.stage}${x.domain ? ` (a product of ${x.domain})` : ''}`, x.title]), options) : '',
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );
}
