import { linkedExperiment, linkedHypothesis, planEvidenceAdd } from '../../authoring/evidence.js';
import { chooseId, findRecord } from '../../authoring/plan.js';
import { EVIDENCE_SOURCES, TAG_PATTERN } from '../../model/evidence.js';
import { CUSTOMER_ID_PATTERN, CUSTOMER_RULE } from '../../model/common.js';
import { currentHypotheses, customerSegments, type Records } from '../../model/records.js';
import { VERDICTS } from '../../model/vocabulary.js';
import { evidenceScope } from '../../engine/scope.js';
import { evidenceFileNamed } from '../../store/taken-ids.js';
import { requireRoot } from '../../store/root.js';
import { rememberInitiative } from '../../store/state.js';
import { usageError } from '../../errors.js';
import type { Context, Prompts } from '../context.js';
import { longTexts } from '../text-input.js';
import { whoIsWriting } from '../identity.js';
import { askInitiative } from '../ids.js';
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
  noteFile?: string;
  quote?: string;
  quoteFile?: string;
  segment?: string;
  tag?: string[];
  experiment?: string;
  strength?: string;
  id?: string;
}

/** The questions, as the user answers them (and as a draft of the answers knows them). */
export const QUESTIONS = {
  customer: 'Customer (pseudonymous id, e.g. C-017):',
  source: 'Source:',
  note: 'What did you see or hear?',
  hypothesis: 'Which hypothesis does it bear on?',
  claim: 'Which of its claims?',
  verdict: 'Does it support or refute the claim?',
  quote: 'Their own words, verbatim (Enter to skip):',
  segment: 'Which customer segment are they in?',
  tags: 'Tags (short words separated by spaces; Enter for none):',
} as const;

/** Sources where the customer's own words are heard or written: the quote is asked only for these. */
const QUOTED_SOURCES = new Set(['interview', 'survey']);

/** The choice that links evidence to no hypothesis. */
const NONE = '';

const VERDICT_NAMES: Record<string, string> = { supports: 'supports it', refutes: 'refutes it', neutral: 'neutral: neither supports nor refutes it' };


/**
 * `pdx evidence add`: one observation, one new file, so parallel interviews never conflict. At a
 * terminal it asks what the flags left out — initiative, customer, source, the note, then which
 * of the initiative's current hypotheses and claims it bears on (or none, for an immersion note)
 * and the verdict — and every flag is checked before the first question, so nothing typed is
 * asked in vain.
 */
export async function evidenceAdd(ctx: Context, options: EvidenceAddOptions): Promise<number> {
  if (options.customer !== undefined && !CUSTOMER_ID_PATTERN.test(options.customer)) {
    throw usageError(`--customer "${options.customer}" is not ${CUSTOMER_RULE}`);
  }
  for (const tag of options.tag ?? []) if (!TAG_PATTERN.test(tag)) throw usageError(`--tag "${tag}" is not a short word: letters and digits, optionally joined by dashes, e.g. pricing`);
  for (const [flag, value] of [['--segment', options.segment], ['--quote', options.quote]] as const) {
    if (value !== undefined && !/\S/.test(value)) throw usageError(`${flag} is blank: give it some words, or leave the flag out`);
  }
  const long = longTexts(ctx, {
    note: { flag: '--note', value: options.note, file: options.noteFile, question: QUESTIONS.note },
    quote: { flag: '--quote', value: options.quote, file: options.quoteFile, question: QUESTIONS.quote },
  });
  const { asking } = long;

  // With the initiative (and hypothesis) given, only their files are read, when they are where
  // pdx puts them; otherwise the whole repo, for the questions' choices or a "did you mean".
  // The segment question offers the customer hypothesis's segments: the whole repo is read for it too.
  const offersHypotheses = asking.interactive && (options.hypothesis === undefined || options.segment === undefined);
  const scope = options.initiative === undefined || offersHypotheses ? undefined : evidenceScope(requireRoot(ctx.cwd), options.initiative, options.hypothesis, options.experiment);
  const writing = whoIsWriting(ctx);
  // Nothing given says which initiative: that first question needs only the initiatives, so it
  // is asked as soon as they are read, while the rest of the repo is read (unless the config is
  // broken, which refuses the command). Every flag it could refuse was checked already.
  const root = requireRoot(ctx.cwd);
  let early: Promise<string> | undefined;
  const askEarly = asking.interactive && options.initiative === undefined && options.hypothesis === undefined && options.experiment === undefined && options.id === undefined;
  const session = await openForWrite(
    ctx,
    scope,
    askEarly
      ? (initiatives, config) => {
          if (!config) return;
          early = askInitiative(ctx, { root, records: { initiative: initiatives } }, undefined, 'initiative');
          // Awaited below; a Ctrl-C meanwhile is not an unhandled rejection.
          early.catch(() => {});
        }
      : undefined,
  );
  const { records } = session;
  const knownIds = scope ? evidenceFileNamed(session.repo.root) : undefined;

  let initiative = options.initiative;
  if (initiative !== undefined) findRecord(records, 'initiative', initiative, '--initiative');
  if (options.hypothesis !== undefined) {
    // The hypothesis names its initiative: there is nothing to ask.
    initiative ??= linkedHypothesis(records, { hypothesis: options.hypothesis }).data.initiative;
    linkedHypothesis(records, { initiative, hypothesis: options.hypothesis, claim: options.claim });
  }
  if (options.experiment !== undefined) {
    // The experiment names its initiative too.
    initiative ??= findRecord(records, 'experiment', options.experiment, '--experiment').data.initiative;
    if (initiative !== undefined) linkedExperiment(records, initiative, options.experiment);
  }
  if (options.id !== undefined) chooseId(records, 'evidence', options.id, '', undefined, knownIds);

  const prompts = asking.interactive ? await ctx.prompts() : undefined;
  const values = await fill(asking, 'evidence add', { initiative, customer: options.customer, source: options.source, note: long.values.note }, {
    initiative: early ? { flag: '--initiative', ask: () => early! } : initiativeQuestion(ctx, session),
    customer: {
      flag: '--customer',
      ask: () => prompts!.askText(QUESTIONS.customer, undefined, { required: true, validate: (v) => CUSTOMER_ID_PATTERN.test(v) || `not ${CUSTOMER_RULE}` }),
    },
    source: { flag: '--source', ask: () => prompts!.askChoice(QUESTIONS.source, EVIDENCE_SOURCES.map((s) => ({ value: s, name: s })), 'interview') },
    note: { flag: '--note', ask: () => prompts!.askText(QUESTIONS.note, undefined, { required: true }) },
  }).catch(long.check);
  const link = prompts ? await askLink(ctx, prompts, records, values.initiative, options) : { hypothesis: options.hypothesis, claim: options.claim, verdict: options.verdict };
  const segments = customerSegments(records, values.initiative);
  let segment = options.segment;
  if (segment === undefined && prompts && segments.length > 0) {
    segment = (await prompts.askChoice(QUESTIONS.segment, [...segments.map((s) => ({ value: s, name: s })), { value: NONE, name: 'none or not known' }])) || undefined;
  } else if (segment !== undefined && scope === undefined && !segments.includes(segment)) {
    // Only when the whole repo was read: a part of it cannot say which segments there are.
    ctx.err(`warning: segment "${segment}" is not one of ${values.initiative}'s customer segments${segments.length > 0 ? ` (${segments.join(', ')})` : ': its current customer hypothesis names none'}`);
  }
  // The quote and the tags are asked only of someone typing the note: an interviewer at work, not a script.
  const typing = prompts !== undefined && long.values.note === undefined;
  let quote = long.values.quote;
  if (quote === undefined && typing && QUOTED_SOURCES.has(values.source)) quote = (await prompts.askText(QUESTIONS.quote)).trim() || undefined;
  let tags = options.tag;
  const known = knownTags(records, values.initiative);
  if (tags === undefined && typing && known.length > 0) {
    const typed = await prompts.askText(`${QUESTIONS.tags.slice(0, -1)}; used so far: ${known.slice(0, 12).join(', ')}):`, undefined, {
      validate: (v) => splitTags(v).every((t) => TAG_PATTERN.test(t)) || 'short words (letters, digits and dashes) separated by spaces',
    });
    tags = splitTags(typed);
  }
  const texts = { note: values.note, quote: quote as string };
  await long.finish(texts);
  values.note = texts.note;
  const more = { quote: texts.quote as string | undefined, segment, tags: tags && tags.length > 0 ? [...new Set(tags)] : undefined };

  const author = await writing;
  const code = await runWrite(
    ctx,
    session,
    options,
    (taken) => planEvidenceAdd(records, { ...values, ...link, ...more, experiment: options.experiment, strength: options.strength, id: options.id, date: options.date ?? session.today, by: author.by }, taken, knownIds),
    { author },
  );
  rememberInitiative(session.repo.root, values.initiative);
  return code;
}

/**
 * Which hypothesis, claim and verdict the evidence bears on, asking for what the flags left out:
 * the initiative's current hypotheses (or none: an immersion note), the claims by their text, the
 * verdict. A claim given that the hypothesis picked does not have is asked again.
 */
async function askLink(ctx: Context, prompts: Prompts, records: Records, initiative: string, given: EvidenceAddOptions): Promise<{ hypothesis?: string; claim?: string; verdict?: string }> {
  let hypothesis = given.hypothesis;
  if (hypothesis === undefined) {
    const current = currentHypotheses(records, initiative);
    const linking = given.claim !== undefined || given.verdict !== undefined;
    if (current.length === 0) {
      if (!linking) return {};
      throw usageError(`initiative ${initiative} has no current hypothesis for --claim or --verdict to be about`, 'add one first with pdx hypothesis add, or leave out --claim and --verdict for an immersion note');
    }
    const width = Math.max(30, Math.min(ctx.columns, 160) - 8);
    const choices = current.map((h) => ({ value: h.data.id, name: shorten(`${h.data.kind}: ${h.data.statement}`, width) }));
    const picked = await prompts.askChoice(QUESTIONS.hypothesis, linking ? choices : [...choices, { value: NONE, name: 'none — an immersion note' }]);
    if (picked === NONE) return {};
    hypothesis = picked;
  }
  const claims = linkedHypothesis(records, { hypothesis }).data.claims;
  let claim = given.claim;
  if (claim !== undefined && !claims.some((c) => c.id === claim)) {
    ctx.err(`hypothesis ${hypothesis} has no claim ${claim}: pick one of its claims`);
    claim = undefined;
  }
  claim ??= await prompts.askChoice(QUESTIONS.claim, claims.map((c) => ({ value: c.id, name: c.text })));
  const verdict = given.verdict ?? (await prompts.askChoice(QUESTIONS.verdict, VERDICTS.map((v) => ({ value: v, name: VERDICT_NAMES[v] ?? v }))));
  return { hypothesis, claim, verdict };
}

/** Tags typed on one line: separated by spaces or commas. */
function splitTags(line: string): string[] {
  return line.split(/[\s,]+/).filter((t) => t !== '');
}

/** The tags the initiative's evidence already carries, most used first. */
function knownTags(records: Records, initiative: string): string[] {
  const counts = new Map<string, number>();
  for (const e of records.evidence) if (e.data.initiative === initiative) for (const t of e.data.tags ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1).trimEnd()}…`;
}
