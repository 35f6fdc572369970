import { planEvidenceAdd } from '../../authoring/evidence.js';
import { EVIDENCE_SOURCES } from '../../model/evidence.js';
import { CUSTOMER_ID_PATTERN } from '../../model/common.js';
import { rememberInitiative } from '../../store/state.js';
import { usageError } from '../../errors.js';
import type { Context } from '../context.js';
import { fill, initiativeQuestion, openForWrite, runWrite, type WriteFlags } from '../write.js';

export interface EvidenceAddOptions extends WriteFlags {
  initiative?: string;
  hypothesis?: string;
  claim?: string;
  verdict?: string;
  customer?: string;
  source?: string;
  date?: string;
  note?: string;
  id?: string;
}

/** `pdx evidence add`: one observation, one new file, so parallel interviews never conflict. */
export async function evidenceAdd(ctx: Context, options: EvidenceAddOptions): Promise<number> {
  if (options.customer !== undefined && !CUSTOMER_ID_PATTERN.test(options.customer)) {
    throw usageError(`--customer "${options.customer}" is not a pseudonymous id: letters and digits, optionally joined by - or _, e.g. C-017`);
  }
  const session = await openForWrite(ctx);
  const prompts = ctx.interactive ? await import('../prompts.js') : undefined;
  const values = await fill(ctx, 'evidence add', { initiative: options.initiative, customer: options.customer, source: options.source, note: options.note }, {
    initiative: initiativeQuestion(session),
    customer: { flag: '--customer', ask: () => prompts!.askText('Customer (pseudonymous id, e.g. C-017):', undefined, { required: true }) },
    source: { flag: '--source', ask: () => prompts!.askChoice('Source:', EVIDENCE_SOURCES.map((s) => ({ value: s, name: s })), 'interview') },
    note: { flag: '--note', ask: () => prompts!.askText('What did you see or hear?', undefined, { required: true }) },
  });
  const code = await runWrite(ctx, session, options, (taken) =>
    planEvidenceAdd(session.records, { ...values, hypothesis: options.hypothesis, claim: options.claim, verdict: options.verdict, id: options.id, date: options.date ?? session.today }, taken),
  );
  rememberInitiative(session.repo.root, values.initiative);
  return code;
}
