import { recordFile } from '../model/kinds.js';
import type { LoadedRecord } from '../model/records.js';
import type { Plan } from './plan.js';

export interface HandoffWrite {
  /** The domain the product goes to: an existing one, or the id and name and purpose of a new one. */
  domain: LoadedRecord<'domain'> | { id: string; name: string; purpose: string };
  date: string;
  by?: string;
  /** Set when the mvp gate failed and the handoff is forced: the reason and the failed rule ids are recorded. */
  forced?: { reason: string; failedRules: string[] };
}

/**
 * The handoff, in one transaction: the initiative's `domain` and `handoff` (date, who, and what
 * was forced), and the product in the domain's `products` — appended to an existing domain's
 * file (every other byte kept) or in a new domain's file.
 */
export function planHandoff(initiative: LoadedRecord<'initiative'>, write: HandoffWrite): Plan {
  const id = initiative.data.id;
  const existing = 'kind' in write.domain ? write.domain : undefined;
  const domainId = existing ? existing.data.id : (write.domain as { id: string }).id;
  const handoff = {
    date: write.date,
    ...(write.by ? { by: write.by } : {}),
    ...(write.forced ? { forced: true, reason: write.forced.reason, failedRules: write.forced.failedRules } : {}),
  };
  const initiativeEdit = {
    file: initiative.file,
    kind: 'initiative' as const,
    ops: [
      { op: 'set' as const, path: ['domain'], value: domainId },
      { op: 'set' as const, path: ['handoff'], value: handoff, after: 'domain' },
    ],
  };
  const plan: Plan = {
    kind: 'initiative',
    id,
    path: initiative.file,
    message: `pdx: ${write.forced ? 'force ' : ''}hand off ${id} to domain ${domainId}`,
    creates: [],
    edits: [initiativeEdit],
    generatedId: false,
  };
  if (existing) {
    // Listed already (by hand, before the handoff): nothing to add.
    if (!existing.data.products.includes(id)) plan.edits.push({ file: existing.file, kind: 'domain', ops: [{ op: 'append', path: ['products'], item: id }] });
  } else {
    const { name, purpose } = write.domain as { name: string; purpose: string };
    plan.creates.push({ file: recordFile('domain', domainId), kind: 'domain', data: { id: domainId, name, purpose, created: write.date, products: [id] } });
  }
  return plan;
}
