import { planEvidenceAdd } from '../../authoring/evidence.js';
import { EVIDENCE_SOURCES } from '../../model/evidence.js';
import { CUSTOMER_ID_PATTERN } from '../../model/common.js';
import { evidenceScope } from '../../engine/scope.js';
import { idsByFileName } from '../../store/load.js';
import { requireRoot } from '../../store/root.js';
import { rememberInitiative } from '../../store/state.js';
import { usageError } from '../../errors.js';
import type { Context } from '../context.js';
import { whoIsWriting } from '../identity.js';
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
  // With the initiative (and hypothesis) given, only their files are read, when they are where
  // pdx puts them; otherwise the whole repo, for the prompt's choices or a "did you mean".
  const scope = options.initiative === undefined ? undefined : evidenceScope(requireRoot(ctx.cwd), options.initiative, options.hypothesis);
  const writing = whoIsWriting(ctx);
  const session = await openForWrite(ctx, scope);
  const knownIds = scope ? idsByFileName(session.repo.root, 'evidence') : undefined;
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const values = await fill(ctx, 'evidence add', { initiative: options.initiative, customer: options.customer, source: options.source, note: options.note }, {
    initiative: initiativeQuestion(ctx, session),
    customer: { flag: '--customer', ask: () => prompts!.askText('Customer (pseudonymous id, e.g. C-017):', undefined, { required: true }) },
    source: { flag: '--source', ask: () => prompts!.askChoice('Source:', EVIDENCE_SOURCES.map((s) => ({ value: s, name: s })), 'interview') },
    note: { flag: '--note', ask: () => prompts!.askText('What did you see or hear?', undefined, { required: true }) },
  });
  const author = await writing;
  const code = await runWrite(
    ctx,
    session,
    options,
    (taken) => planEvidenceAdd(session.records, { ...values, hypothesis: options.hypothesis, claim: options.claim, verdict: options.verdict, id: options.id, date: options.date ?? session.today, by: author.by }, taken, knownIds),
    { author },
  );
  rememberInitiative(session.repo.root, values.initiative);
  return code;
}
