import { planHypothesisAdd } from '../../authoring/hypothesis.js';
import { chooseId, findRecord } from '../../authoring/plan.js';
import { usageError } from '../../errors.js';
import { HYPOTHESIS_KINDS, type HypothesisKind } from '../../model/hypothesis.js';
import { rememberInitiative } from '../../store/state.js';
import type { Context } from '../context.js';
import { longTexts } from '../text-input.js';
import { fill, initiativeQuestion, openForWrite, runWrite, type WriteFlags } from '../write.js';

export interface HypothesisAddOptions extends WriteFlags {
  initiative?: string;
  kind?: HypothesisKind;
  statement?: string;
  statementFile?: string;
  claim?: string[];
  id?: string;
  status?: string;
  supersedes?: string;
  date?: string;
  segment?: string[];
  currentSolution?: string;
  improvementFactor?: number;
  marketSize?: string;
  source?: string[];
  competitor?: string[];
  pricePoint?: string[];
  ltv?: number;
  cac?: number;
  channel?: string[];
}

/** One line per kind, shown when choosing. */
export const KIND_HELP: Record<HypothesisKind, string> = {
  customer: 'who has the job and the pain: segments, personas, jobs to be done',
  product: 'how the product does the job at least 10X better than today’s solution',
  market: 'enough companies or people have this pain to build a large company',
  competitor: 'who solves these pains today, and how well',
  pricing: 'the value delivered, price points and how pricing expands',
  'revenue-engine': 'how customers are acquired, kept and grown profitably (LTV, CAC, channels)',
};

/** Which flag fills which field of which kind. */
const KIND_FLAGS: Record<string, { kind: HypothesisKind; field: string }> = {
  segment: { kind: 'customer', field: 'segments' },
  currentSolution: { kind: 'product', field: 'currentSolution' },
  improvementFactor: { kind: 'product', field: 'improvementFactor' },
  marketSize: { kind: 'market', field: 'marketSize' },
  source: { kind: 'market', field: 'sources' },
  competitor: { kind: 'competitor', field: 'competitors' },
  pricePoint: { kind: 'pricing', field: 'pricePoints' },
  ltv: { kind: 'revenue-engine', field: 'ltv' },
  cac: { kind: 'revenue-engine', field: 'cac' },
  channel: { kind: 'revenue-engine', field: 'channels' },
};

const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** `Name: how well` → `{ name, howWell }`. */
export function parseCompetitor(text: string): { name: string; howWell?: string } {
  const at = text.indexOf(':');
  return at === -1 ? { name: text.trim() } : { name: text.slice(0, at).trim(), howWell: text.slice(at + 1).trim() || undefined };
}

const PRICE_POINT = /^(.+?)=\s*(\d+(?:\.\d+)?)\s+(.+)$/;
const PRICE_POINT_FORM = 'NAME=AMOUNT UNIT, e.g. "Pay as you go=12 percent of carrier rate"';

/** `Name=49 USD per month` → `{ name, amount, unit }`. */
export function parsePricePoint(text: string): { name: string; amount: number; unit: string } {
  const match = PRICE_POINT.exec(text.trim());
  if (!match) throw usageError(`--price-point "${text}" is not ${PRICE_POINT_FORM}`);
  return { name: match[1]!.trim(), amount: Number(match[2]), unit: match[3]!.trim() };
}

const given = (value: unknown) => value !== undefined && !(Array.isArray(value) && value.length === 0);

function kindFields(kind: HypothesisKind, options: HypothesisAddOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, { kind: owner, field }] of Object.entries(KIND_FLAGS)) {
    const value = options[key as keyof HypothesisAddOptions];
    if (!given(value)) continue;
    if (owner !== kind) throw usageError(`${flagName(key)} is a field of ${owner} hypotheses, not ${kind}`);
    fields[field] = key === 'competitor' ? (value as string[]).map(parseCompetitor) : key === 'pricePoint' ? (value as string[]).map(parsePricePoint) : value;
  }
  return fields;
}

/**
 * `pdx hypothesis add`: by flags in scripts, or at a terminal a walk through initiative, kind,
 * statement, claims and the kind's own fields, showing what will be saved before saving it.
 */
export async function hypothesisAdd(ctx: Context, options: HypothesisAddOptions): Promise<number> {
  const long = longTexts(ctx, { statement: { flag: '--statement', value: options.statement, file: options.statementFile, question: 'Statement:' } });
  const { asking } = long;
  const { statement } = long.values;
  const session = await openForWrite(ctx);
  const { records } = session;

  // Every flag is checked before the first question, so that no answer is typed in vain.
  if (options.initiative !== undefined) findRecord(records, 'initiative', options.initiative, '--initiative');
  let kind = options.kind;
  if (options.supersedes !== undefined) {
    const earlier = findRecord(records, 'hypothesis', options.supersedes, '--supersedes');
    // A hypothesis supersedes one of its own kind: there is nothing to ask.
    kind ??= earlier.data.kind;
    if (earlier.data.kind !== kind) throw usageError(`--supersedes ${options.supersedes} is a ${earlier.data.kind} hypothesis, not ${kind}`);
  }
  // The kind's own fields name the kind, too.
  const implied = [...new Set(Object.entries(KIND_FLAGS).filter(([key]) => given(options[key as keyof HypothesisAddOptions])).map(([, field]) => field.kind))];
  if (kind === undefined && implied.length > 1) {
    const flags = Object.keys(KIND_FLAGS).filter((key) => given(options[key as keyof HypothesisAddOptions])).map(flagName);
    throw usageError(`${flags.join(', ')} are fields of different kinds of hypothesis (${implied.join(', ')}): a hypothesis has one kind`);
  }
  kind ??= implied[0];
  if (kind !== undefined) kindFields(kind, options);
  if (options.id !== undefined) chooseId(records, 'hypothesis', options.id, '');

  const prompts = asking.interactive ? await ctx.prompts() : undefined;
  const asked = asking.interactive && (options.initiative === undefined || kind === undefined || statement === undefined || !options.claim?.length);
  const values = await fill(asking, 'hypothesis add', { initiative: options.initiative, kind, statement, claims: options.claim?.length ? options.claim : undefined }, {
    initiative: initiativeQuestion(ctx, session),
    kind: { flag: '--kind', ask: () => prompts!.askChoice('Kind:', HYPOTHESIS_KINDS.map((k) => ({ value: k, name: `${k.padEnd(15)} ${KIND_HELP[k]}` }))) },
    statement: { flag: '--statement', ask: () => prompts!.askText('Statement:', undefined, { required: true }) },
    claims: { flag: '--claim', ask: () => prompts!.askList('Another claim', 'First claim (a testable sentence; "high: …" or "low: …" says how much rides on it):', { required: true }) },
  }).catch(long.check);

  const fields = kindFields(values.kind, options);
  if (asked && prompts && Object.keys(fields).length === 0) Object.assign(fields, await askKindFields(ctx, values.kind, prompts));
  if (values.kind === 'product' && typeof fields.improvementFactor === 'number' && fields.improvementFactor < 10) {
    ctx.err(`warning: an improvement factor of ${fields.improvementFactor}X is below the 10X a value breakthrough needs; the ten-x gate will fail`);
  }
  await long.finish(values);
  const code = await runWrite(
    ctx,
    session,
    options,
    (taken) => planHypothesisAdd(records, { ...values, id: options.id, status: options.status, supersedes: options.supersedes, date: options.date ?? session.today, fields }, taken),
    { confirm: asked },
  );
  rememberInitiative(session.repo.root, values.initiative);
  return code;
}

type Prompts = import('../context.js').Prompts;

async function askKindFields(ctx: Context, kind: HypothesisKind, p: Prompts): Promise<Record<string, unknown>> {
  const defined = (entries: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
  switch (kind) {
    case 'customer':
      return defined({ segments: await p.askList('Another segment', 'Customer segment (empty to skip):') });
    case 'product': {
      const currentSolution = await p.askText('How is the job done today (current solution)?');
      const improvementFactor = await p.askNumber('How many times better is the product (improvement factor, e.g. 10)?');
      if (improvementFactor !== undefined && improvementFactor < 10) ctx.err(`warning: ${improvementFactor}X is below the 10X a value breakthrough needs`);
      return defined({ currentSolution, improvementFactor });
    }
    case 'market':
      return defined({ marketSize: await p.askText('Market size (e.g. 180,000 US businesses):'), sources: await p.askList('Another source', 'Source of that estimate (empty to skip):') });
    case 'competitor':
      return defined({ competitors: (await p.askList('Another competitor', 'Competitor, as "Name: how well they solve it" (empty to skip):')).map(parseCompetitor) });
    case 'pricing':
      return defined({
        pricePoints: (await p.askList('Another price point', 'Price point, as "Name=AMOUNT UNIT" (empty to skip):', { validate: (line) => PRICE_POINT.test(line) || `not ${PRICE_POINT_FORM}` })).map(parsePricePoint),
      });
    case 'revenue-engine':
      return defined({
        ltv: await p.askNumber('Customer lifetime value (LTV, optional):'),
        cac: await p.askNumber('Customer acquisition cost (CAC, optional):'),
        channels: await p.askList('Another channel', 'Acquisition channel (empty to skip):'),
      });
  }
}
