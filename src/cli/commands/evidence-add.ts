import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { planEvidenceAdd } from '../../authoring/evidence.js';
import { EVIDENCE_SOURCES } from '../../model/evidence.js';
import { CUSTOMER_ID_PATTERN } from '../../model/common.js';
import { isValidId } from '../../model/ids.js';
import { DATA_DIR, KIND_FOLDERS, type RecordKind } from '../../model/kinds.js';
import { filesNotNamedByTheirId, idsByFileName } from '../../store/load.js';
import { requireRoot } from '../../store/root.js';
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
  // With the initiative (and hypothesis) given, only their files are read, when they are where
  // pdx puts them; otherwise the whole repo, for the prompt's choices or a "did you mean".
  const scope = options.initiative === undefined ? undefined : recordsNeeded(requireRoot(ctx.cwd), options.initiative, options.hypothesis);
  const session = await openForWrite(ctx, scope);
  const knownIds = scope ? idsByFileName(session.repo.root, 'evidence') : undefined;
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const values = await fill(ctx, 'evidence add', { initiative: options.initiative, customer: options.customer, source: options.source, note: options.note }, {
    initiative: initiativeQuestion(ctx, session),
    customer: { flag: '--customer', ask: () => prompts!.askText('Customer (pseudonymous id, e.g. C-017):', undefined, { required: true }) },
    source: { flag: '--source', ask: () => prompts!.askChoice('Source:', EVIDENCE_SOURCES.map((s) => ({ value: s, name: s })), 'interview') },
    note: { flag: '--note', ask: () => prompts!.askText('What did you see or hear?', undefined, { required: true }) },
  });
  const code = await runWrite(ctx, session, options, (taken) =>
    planEvidenceAdd(session.records, { ...values, hypothesis: options.hypothesis, claim: options.claim, verdict: options.verdict, id: options.id, date: options.date ?? session.today }, taken, knownIds),
  );
  rememberInitiative(session.repo.root, values.initiative);
  return code;
}

/**
 * The files of the initiative and hypothesis, if both are valid ids with a file where pdx writes
 * them; and of the initiative's own evidence, those whose `id:` line does not name the file (one
 * renamed there by hand), so that their ids are read. Elsewhere evidence ids are taken from file
 * names, which pdx warns about when they differ.
 */
function recordsNeeded(root: string, initiative: string, hypothesis: string | undefined): { kind: RecordKind; file: string }[] | undefined {
  const needed: { kind: RecordKind; file: string }[] = [{ kind: 'initiative', file: `${DATA_DIR}/${KIND_FOLDERS.initiative}/${initiative}.yaml` }];
  if (hypothesis !== undefined) needed.push({ kind: 'hypothesis', file: `${DATA_DIR}/${KIND_FOLDERS.hypothesis}/${initiative}/${hypothesis}.yaml` });
  const ids = [initiative, ...(hypothesis === undefined ? [] : [hypothesis])];
  if (!ids.every(isValidId) || !needed.every(({ file }) => existsSync(join(root, file)))) return undefined;
  const renamed = filesNotNamedByTheirId(root, `${DATA_DIR}/${KIND_FOLDERS.evidence}/${initiative}`);
  return [...needed, ...renamed.map((file) => ({ kind: 'evidence' as const, file }))];
}
