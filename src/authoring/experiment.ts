import { EXIT, PdxError, usageError } from '../errors.js';
import { conflictWords } from '../model/ab-text.js';
import { analyseArms, directionOf, resultConflict, type Direction } from '../model/ab-test.js';
import type { Arm } from '../model/experiment.js';
import { recordFile } from '../model/kinds.js';
import type { LoadedRecord, Records } from '../model/records.js';
import type { ResultOverride } from '../model/experiment.js';
import type { EditOp } from '../store/edit.js';
import { didYouMean, nearest } from '../model/words.js';
import { checkProduct } from './domain.js';
import { chooseId, findRecord, someIds, type Plan } from './plan.js';

export interface ExperimentAdd {
  initiative?: string;
  domain?: string;
  /** The key result (of one of the domain's OKRs) it is meant to move. */
  kr?: string;
  /** The product (an initiative) a domain experiment targets. */
  product?: string;
  type: string;
  hypotheses: string[];
  believe: string;
  verify: string;
  measure: string;
  rightIf: string;
  start?: string;
  days?: number;
  title?: string;
  id?: string;
  /** An A/B test's design: the control's expected conversion rate and the smallest relative lift worth detecting. */
  baselineRate?: number;
  mde?: number;
}

/** An experiment belongs to one initiative or one domain: a usage error unless exactly one is given. */
export function requireOwner(o: { initiative?: string; domain?: string }): void {
  if ((o.initiative === undefined) === (o.domain === undefined)) throw usageError('an experiment belongs to one initiative or one domain: pass --initiative or --domain');
}

export function planExperimentAdd(records: Records, o: ExperimentAdd, taken?: Set<string>): Plan {
  requireOwner(o);
  const owner = (o.initiative ?? o.domain)!;
  if (o.initiative !== undefined) findRecord(records, 'initiative', o.initiative, '--initiative');
  else findRecord(records, 'domain', o.domain!, '--domain');
  if (o.kr !== undefined) checkKeyResult(records, o.kr, o.domain, o.initiative);
  if (o.product !== undefined) checkProduct(records, o.product, o.domain);
  for (const id of o.hypotheses) {
    const hypothesis = findRecord(records, 'hypothesis', id, '--hypothesis');
    if (o.initiative !== undefined && hypothesis.data.initiative !== o.initiative) throw usageError(`hypothesis ${id} belongs to ${hypothesis.data.initiative}, not ${o.initiative}`);
  }
  const { id, generated } = chooseId(records, 'experiment', o.id, o.title ? `${owner}-${o.title}` : `${owner}-${o.type}`, taken);
  const file = recordFile('experiment', id, owner);
  const data = {
    id,
    title: o.title,
    initiative: o.initiative,
    domain: o.domain,
    type: o.type,
    hypotheses: o.hypotheses,
    testCard: { believe: o.believe, verify: o.verify, measure: o.measure, rightIf: o.rightIf },
    status: o.start ? 'running' : 'planned',
    started: o.start,
    plannedDays: o.days,
    baselineRate: o.baselineRate,
    mde: o.mde,
    kr: o.kr,
    product: o.product,
  };
  return { kind: 'experiment', id, path: file, message: `pdx: add ${o.type} experiment ${id} to ${owner}`, creates: [{ file, kind: 'experiment', data }], edits: [], generatedId: generated };
}

/** The counts of an A/B test and how its result is judged: at `significance`, forced with a `reason` against the numbers. */
export interface AbConclusion {
  arms?: Arm[];
  significance: number;
  force?: boolean;
  reason?: string;
  by?: string;
}

/**
 * `--kr`: a key result of one of the domain's OKRs. Discovery experiments test hypotheses, not
 * key results; a key result of another domain, or none by that id, is a usage error naming the
 * key results the domain has.
 */
export function checkKeyResult(records: Records, kr: string, domain: string | undefined, initiative: string | undefined): void {
  requireOwner({ initiative, domain });
  if (initiative !== undefined) throw usageError('--kr is for a domain experiment: an initiative\'s experiments test its hypotheses', `pass --domain instead of --initiative, or leave out --kr`);
  const mine = records.okr.filter((o) => o.data.domain === domain).flatMap((o) => o.data.keyResults.map((k) => k.id));
  if (mine.includes(kr)) return;
  const owner = records.okr.find((o) => o.data.keyResults.some((k) => k.id === kr));
  if (owner) throw usageError(`key result ${kr} (--kr) belongs to ${owner.data.domain} (OKR ${owner.data.id}), not ${domain}`, mine.length > 0 ? `${domain}'s key results: ${someIds(mine)}` : `${domain} has no key result yet: pdx okr add --domain ${domain} --period … --objective "…"`);
  const close = nearest(kr, mine);
  throw usageError(
    `${domain} has no key result \`${kr}\` (--kr)${didYouMean(close)}`,
    mine.length > 0 ? `${domain}'s key results: ${someIds(mine)}` : `${domain} has no key result yet: add an OKR (pdx okr add --domain ${domain} --period … --objective "…") and its key results (pdx kr add)`,
  );
}

export interface ExperimentConclude {
  result: string;
  ab?: AbConclusion;
  observed: string;
  learned: string;
  next: string;
  decision?: string;
  date: string;
}

/** The experiment `id`, if it can be concluded: it exists, and is neither concluded nor abandoned. */
export function concludable(records: Records, id: string): LoadedRecord<'experiment'> {
  const experiment = findRecord(records, 'experiment', id);
  if (experiment.data.status === 'concluded') throw usageError(`experiment ${id} is already concluded (${experiment.data.result} on ${experiment.data.concluded})`);
  if (experiment.data.status === 'abandoned') throw usageError(`experiment ${id} was abandoned`);
  return experiment;
}

/** Which way an experiment's conversions should go, from its key result among the records' OKRs. */
export function experimentDirection(records: Records, experiment: LoadedRecord<'experiment'>): Direction {
  return directionOf(experiment.data, records.okr.map((o) => o.data));
}

/**
 * What an A/B test's numbers let it claim. With counts: `validated` needs a variant significantly
 * better than the control (a significant drop when its key result falls), `invalidated` must not
 * have one; without counts only `inconclusive`
 * stands on its own. Anything else needs `--force --reason`; the override is returned for the record.
 * Counts for another type of experiment, and a --force the numbers do not need, are usage errors.
 */
export function judgeAbResult(experiment: LoadedRecord<'experiment'>, result: string, ab: AbConclusion | undefined, date: string, direction: Direction = { lowerIsBetter: false }): { result: string; override?: ResultOverride } {
  const { id, type } = experiment.data;
  if (ab?.arms && type !== 'ab-test') throw usageError(`--control and --variant are the counts of an A/B test; ${id} is a ${type} experiment`);
  if (type !== 'ab-test' || !ab) return { result };
  const problem = abProblem(result, ab, direction);
  if (!problem) {
    if (ab.force) throw usageError(`nothing to force: ${ab.arms ? 'the numbers allow' : 'an A/B test may always be concluded'} ${result}`, 'leave out --force and --reason');
    return { result };
  }
  if (ab.force) return { result, override: { result: result as ResultOverride['result'], reason: ab.reason!, date, ...(ab.by ? { by: ab.by } : {}) } };
  throw new PdxError('experiment/not-significant', `${id} cannot be concluded ${result}: ${problem}; nothing was changed`, {
    exitCode: EXIT.failed,
    hint: ab.arms
      ? `conclude it inconclusive (or leave out --result: the numbers decide), or pass --force --reason "…" to record ${result} anyway (the reason is recorded)`
      : `give the counts (--control CONVERSIONS/EXPOSURES --variant CONVERSIONS/EXPOSURES), conclude it inconclusive, or pass --force --reason "…" to record ${result} anyway`,
  });
}

function abProblem(result: string, ab: AbConclusion, direction: Direction): string | undefined {
  if (result === 'inconclusive') return undefined;
  if (!ab.arms) return `an A/B test's ${result} needs its counts`;
  const analysis = analyseArms(ab.arms, ab.significance, direction.lowerIsBetter);
  return conflictWords(analysis, resultConflict(result, analysis), direction, ab.arms);
}

export function planExperimentConclude(records: Records, id: string, o: ExperimentConclude): Plan {
  const experiment = concludable(records, id);
  const judged = judgeAbResult(experiment, o.result, o.ab, o.date, experimentDirection(records, experiment));
  const learning = { observed: o.observed, learned: o.learned, next: o.next, ...(o.decision ? { decision: o.decision } : {}) };
  const written = experiment.data.learning as Record<string, string | undefined> | undefined;
  const replaced = Object.entries(learning).filter(([key, value]) => written?.[key] !== undefined && written[key] !== value).map(([key]) => key);
  if (replaced.length > 0) {
    throw new PdxError('write/would-replace', `experiment ${id} already has a learning card; concluding would replace its ${replaced.join(', ')}`, {
      hint: `pass the same text, or edit ${experiment.file} by hand and set status: concluded`,
    });
  }
  const ops: EditOp[] = [
    { op: 'set', path: ['status'], value: 'concluded' },
    ...(experiment.data.started === undefined ? [{ op: 'set' as const, path: ['started'], value: o.date }] : []),
    { op: 'set', path: ['concluded'], value: o.date },
    { op: 'set', path: ['result'], value: o.result },
    ...(o.ab?.arms ? [{ op: 'set' as const, path: ['arms'], value: o.ab.arms }] : []),
    ...(judged.override ? [{ op: 'set' as const, path: ['resultOverride'], value: judged.override }] : []),
    ...(experiment.data.learning === undefined
      ? [{ op: 'set' as const, path: ['learning'], value: learning }]
      : Object.entries(learning)
          .filter(([key]) => written?.[key] === undefined)
          .map(([key, value]) => ({ op: 'set' as const, path: ['learning', key], value }))),
  ];
  return {
    kind: 'experiment',
    id,
    path: experiment.file,
    message: `pdx: ${judged.override ? 'force ' : ''}conclude experiment ${id} (${o.result})`,
    creates: [],
    edits: [{ file: experiment.file, kind: 'experiment', ops }],
    generatedId: false,
  };
}
