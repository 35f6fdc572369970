import { idFromFileName, KIND_NAMES, KINDS, valuesAt, type OwnerKind, type RecordKind } from './kinds.js';
import { STAGES, stageIndex } from './vocabulary.js';
import { analyseArms, designedRate, directionOf, resultConflict } from './ab-test.js';
import { DEFAULT_SIGNIFICANCE } from './settings.js';
import { conflictWords } from './ab-text.js';
import { closest, fieldName, suggestion, type FieldPath } from './words.js';
import { customerSegments, type Finding, type InvalidIds, type LoadedRecord, type Records } from './records.js';

export interface IntegrityOptions {
  /** `YYYY-MM-DD`; no recorded date may be later (a typo, not a plan). */
  today: string;
  /** How to name that day in messages: `today` unless the caller evaluates as of another date. */
  todayLabel?: string;
  /** `experiments.significance` of pdx.yaml: the level an A/B test's stored result is held to (default 0.05). */
  significance?: number;
  /** Ids of records whose files exist but are invalid: references to them are not reported as dangling. */
  invalidIds?: InvalidIds;
}

/**
 * Cross-file checks over a loaded snapshot: ids unique per kind, references that resolve, dates
 * that make sense. Pure: reads records, returns findings.
 */
export function checkIntegrity(records: Records, options: IntegrityOptions): Finding[] {
  const findings: Finding[] = [];
  const report = (record: LoadedRecord, path: FieldPath, code: string, message: string, severity: Finding['severity'] = 'error') =>
    findings.push({ record, path, severity, code, message });

  const ids = indexIds(records, report);
  const keyResults = new Map<string, LoadedRecord<'okr'>>();
  for (const okr of records.okr) {
    okr.data.keyResults.forEach((kr, i) => {
      const other = keyResults.get(kr.id);
      if (other) report(okr, ['keyResults', i, 'id'], 'id/duplicate', `key result id \`${kr.id}\` is already used in ${other.file}`);
      else keyResults.set(kr.id, okr);
    });
  }

  const known = (kind: OwnerKind) => (kind === 'kr' ? keyResults : ids[kind]);
  const exists = (kind: OwnerKind, id: string) => known(kind).has(id) || (options.invalidIds?.[kind]?.has(id) ?? false) || (options.invalidIds?.[kind]?.has('*') ?? false);
  const notFuture = (record: LoadedRecord, path: FieldPath, date: unknown) => {
    if (typeof date === 'string' && date > options.today) {
      report(record, path, 'date/future', `\`${fieldName(path)}\` is ${date}, after ${options.todayLabel ?? 'today'} (${options.today}); record what happened, not what is planned`);
    }
  };
  // What every kind declares: its references resolve and its dates are not after today.
  for (const kind of KIND_NAMES) {
    const { refs, dates } = KINDS[kind];
    for (const record of records[kind] as LoadedRecord[]) {
      for (const { path, kind: target } of refs) {
        for (const { path: at, value } of valuesAt(record.data, path)) {
          if (typeof value !== 'string' || exists(target, value)) continue;
          const noun = target === 'kr' ? 'key result' : target;
          report(record, at, 'ref/dangling', `no ${noun} with id \`${value}\`${suggestion(value, [...known(target).keys()])}`);
        }
      }
      for (const { path } of dates) for (const { path: at, value } of valuesAt(record.data, path)) notFuture(record, at, value);
    }
  }

  for (const initiative of records.initiative) {
    const { data } = initiative;
    if (data.parent === data.id) report(initiative, ['parent'], 'ref/self', 'an initiative cannot expand itself');
    checkHistory(initiative, report);
    uniqueWithin(initiative, 'feedbackGroup', data.feedbackGroup, 'participant', report);
    uniqueWithin(initiative, 'customers', data.customers, 'customer', report);
    data.customers.forEach((c, i) => {
      if (c.churnedOn !== undefined && c.churnedOn < c.payingSince) {
        report(initiative, ['customers', i, 'churnedOn'], 'date/order', `customer ${c.id} churned on ${c.churnedOn}, before paying since ${c.payingSince}`);
      }
    });
  }

  checkHandoffs(records, ids, report);
  checkProducts(records, ids, report);

  for (const hypothesis of records.hypothesis) {
    const { data } = hypothesis;
    uniqueWithin(hypothesis, 'claims', data.claims, 'claim', report);
    if (data.supersedes !== undefined) {
      const earlier = ids.hypothesis.get(data.supersedes) as LoadedRecord<'hypothesis'> | undefined;
      if (data.supersedes === data.id) report(hypothesis, ['supersedes'], 'ref/self', 'a hypothesis cannot supersede itself');
      else if (earlier && earlier.data.kind !== data.kind) {
        report(hypothesis, ['supersedes'], 'ref/kind', `supersedes \`${data.supersedes}\`, a ${earlier.data.kind} hypothesis; it must be a ${data.kind} hypothesis`);
      } else if (earlier && supersedesCycle(hypothesis, ids.hypothesis as Map<string, LoadedRecord<'hypothesis'>>)) {
        report(hypothesis, ['supersedes'], 'ref/cycle', 'the chain of superseded hypotheses loops back to this one');
      }
    }
  }

  const segmentsOf = new Map<string, string[]>();
  for (const evidence of records.evidence) {
    const { data } = evidence;
    if (data.segment !== undefined) {
      let segments = segmentsOf.get(data.initiative);
      if (segments === undefined) segmentsOf.set(data.initiative, (segments = customerSegments(records, data.initiative)));
      if (!segments.includes(data.segment)) {
        const message =
          segments.length === 0
            ? `segment \`${data.segment}\` is not one of the initiative's customer segments: \`${data.initiative}\` has no current customer hypothesis with \`segments\``
            : `segment \`${data.segment}\` is not one of the segments of \`${data.initiative}\`'s customer hypothesis${suggestion(data.segment, segments)} (its segments: ${segments.join(', ')})`;
        report(evidence, ['segment'], 'evidence/segment', message, 'warning');
      }
    }
    const linked = [data.hypothesis, data.claim, data.verdict];
    if (linked.some((v) => v !== undefined) && linked.some((v) => v === undefined)) {
      const missing = (['hypothesis', 'claim', 'verdict'] as const).filter((k) => data[k] === undefined);
      report(evidence, [missing[0]!], 'evidence/incomplete', `evidence on a hypothesis names the hypothesis, the claim and a verdict; missing: ${missing.join(', ')}`);
    }
    if (data.hypothesis !== undefined) {
      const hypothesis = ids.hypothesis.get(data.hypothesis) as LoadedRecord<'hypothesis'> | undefined;
      if (hypothesis) {
        if (hypothesis.data.initiative !== data.initiative) {
          report(evidence, ['hypothesis'], 'ref/initiative', `hypothesis \`${data.hypothesis}\` belongs to initiative \`${hypothesis.data.initiative}\`, not \`${data.initiative}\``);
        }
        const claimIds = hypothesis.data.claims.map((c) => c.id);
        if (data.claim !== undefined && !claimIds.includes(data.claim)) {
          const hint = closest(data.claim, claimIds);
          report(evidence, ['claim'], 'ref/dangling', `hypothesis \`${data.hypothesis}\` has no claim \`${data.claim}\`${hint ? ` (did you mean \`${hint}\`?)` : ` (its claims: ${claimIds.join(', ')})`}`);
        }
      }
    }
  }

  for (const experiment of records.experiment) {
    const { data } = experiment;
    if ((data.initiative === undefined) === (data.domain === undefined)) {
      report(experiment, data.initiative === undefined ? [] : ['domain'], 'experiment/owner', 'an experiment belongs to exactly one initiative or one domain: set `initiative` or `domain`', 'error');
    }
    data.hypotheses.forEach((id, i) => {
      const hypothesis = ids.hypothesis.get(id) as LoadedRecord<'hypothesis'> | undefined;
      if (hypothesis && data.initiative !== undefined && hypothesis.data.initiative !== data.initiative) {
        report(experiment, ['hypotheses', i], 'ref/initiative', `hypothesis \`${id}\` belongs to initiative \`${hypothesis.data.initiative}\`, not \`${data.initiative}\``);
      }
    });
    if (data.started !== undefined && data.concluded !== undefined && data.concluded < data.started) {
      report(experiment, ['concluded'], 'date/order', `concluded on ${data.concluded}, before it started on ${data.started}`);
    }
    checkAbTest(experiment, records, options.significance ?? DEFAULT_SIGNIFICANCE, report);
    if (data.status === 'concluded') {
      const missing = (['concluded', 'result', 'learning'] as const).filter((k) => data[k] === undefined);
      if (missing.length > 0) {
        report(experiment, ['status'], 'experiment/conclusion', `a concluded experiment records ${missing.map((k) => `\`${k}\``).join(', ')}`);
      }
    } else {
      if (data.result !== undefined) report(experiment, ['result'], 'experiment/conclusion', `a result is recorded but the status is ${data.status}, not concluded`);
      if (data.status === 'running' && data.started === undefined) report(experiment, ['status'], 'experiment/started', 'a running experiment records the date it `started`');
    }
  }

  return findings;
}


/**
 * An A/B test's stored numbers hold together: its design can be tested (the variant's rate stays
 * between 0 and 1), and a `result` of validated or invalidated is what the counts allow, judged as
 * `experiment conclude` judges it (`resultConflict`: the key result's direction, Holm with several
 * variants, a sample-ratio mismatch). A contradicted result is a warning, not an error, as a
 * hypothesis status its evidence contradicts is for the gates (status-matches-evidence): the file
 * is sound, the claim on it is not, and a `resultOverride` with that result (`--force --reason`)
 * says why it stands. Without counts there is nothing to judge.
 */
function checkAbTest(experiment: LoadedRecord<'experiment'>, records: Records, significance: number, report: Report): void {
  const { data } = experiment;
  if (data.type !== 'ab-test') return;
  const direction = directionOf(data, records.okr.map((o) => o.data));
  if (data.baselineRate !== undefined && data.mde !== undefined) {
    const rate = designedRate(data.baselineRate, data.mde, direction.lowerIsBetter);
    if (!(rate > 0 && rate < 1)) {
      report(experiment, ['mde'], 'experiment/design', `a baseline rate of ${data.baselineRate} cannot ${direction.lowerIsBetter ? 'fall' : 'rise'} by ${data.mde} (relative): the variant's rate would be ${Number(rate.toPrecision(6))}, outside 0 to 1`);
    }
  }
  const arms = data.arms;
  if (data.result === undefined || !arms || arms.length < 2 || data.resultOverride?.result === data.result) return;
  const analysis = analyseArms(arms, significance, direction.lowerIsBetter);
  const conflict = resultConflict(data.result, analysis);
  if (!conflict) return;
  const why = conflictWords(analysis, conflict, direction, arms)!;
  report(
    experiment,
    ['result'],
    'experiment/result-contradicted',
    `\`result\` is ${data.result}, but ${why}; set \`result: inconclusive\`, or add \`resultOverride\` (result ${data.result}, reason, date) to record it against the numbers`,
    'warning',
  );
}

type Report = (record: LoadedRecord, path: FieldPath, code: string, message: string, severity?: Finding['severity']) => void;

function indexIds(records: Records, report: Report): Record<RecordKind, Map<string, LoadedRecord>> {
  const index = {} as Record<RecordKind, Map<string, LoadedRecord>>;
  for (const kind of KIND_NAMES) {
    const seen = new Map<string, LoadedRecord>();
    for (const record of records[kind] as LoadedRecord[]) {
      const id = (record.data as { id: string }).id;
      const name = idFromFileName(record.file);
      if (name !== id) report(record, ['id'], 'file/name-mismatch', `the file is named ${name} but holds ${kind} \`${id}\`; name it ${id}.yaml so people find it by id`, 'warning');
      const first = seen.get(id);
      if (first) report(record, ['id'], 'id/duplicate', `${kind} id \`${id}\` is already used by ${first.file}`);
      else seen.set(id, record);
    }
    index[kind] = seen;
  }
  return index;
}

/**
 * The line between discovery and product management, both sides of it: a handed-off initiative
 * names its domain and is among that domain's products; a domain's products are initiatives
 * handed to it, each listed by one domain once, and none handed off before its domain was set up.
 * (A `domain` without `handoff` is valid: older
 * repos set it by hand; the rule handoff-before-features judges it.)
 */
function checkHandoffs(records: Records, ids: Record<RecordKind, Map<string, LoadedRecord>>, report: Report): void {
  const listedBy = new Map<string, LoadedRecord<'domain'>>();
  for (const domain of records.domain) {
    const seen = new Set<string>();
    domain.data.products.forEach((id, i) => {
      const at = ['products', i];
      if (seen.has(id)) return report(domain, at, 'id/duplicate', `product \`${id}\` is listed twice`);
      seen.add(id);
      const other = listedBy.get(id);
      if (other) return report(domain, at, 'domain/product-twice', `product \`${id}\` is already listed by domain \`${other.data.id}\` (${other.file}); a product belongs to one domain: remove it from one of them`);
      listedBy.set(id, domain);
      const initiative = ids.initiative.get(id) as LoadedRecord<'initiative'> | undefined;
      // An id naming no initiative is a dangling reference, reported as such.
      if (!initiative || initiative.data.domain === domain.data.id) return;
      const d = domain.data.id;
      const message =
        initiative.data.domain === undefined
          ? `lists product \`${id}\`, which was never handed off to it: hand it off with pdx handoff ${id} --domain ${d}, or remove it from \`products\``
          : `lists product \`${id}\`, whose \`domain\` is \`${initiative.data.domain}\` (${initiative.file}): remove it from \`products\` here, or set that domain to \`${d}\``;
      report(domain, at, 'domain/product', message);
    });
  }
  for (const initiative of records.initiative) {
    const { id, domain, handoff } = initiative.data;
    if (handoff === undefined) continue;
    if (domain === undefined) {
      report(initiative, ['handoff'], 'handoff/domain', `\`handoff\` is set but \`domain\` is not: a handed-off product names the domain it was handed to; add \`domain: <id>\` beside it`);
      continue;
    }
    const target = ids.domain.get(domain) as LoadedRecord<'domain'> | undefined;
    if (target && !target.data.products.includes(id)) {
      report(initiative, ['handoff'], 'handoff/products', `handed off to domain \`${domain}\`, but ${target.file} does not list it: add \`${id}\` to its \`products\``);
    }
    const created = target?.data.created;
    if (created !== undefined && handoff.date < created) {
      report(initiative, ['handoff', 'date'], 'handoff/date', `handed off on ${handoff.date}, before domain \`${domain}\` was set up (${created}): a product goes to a domain that exists; correct \`handoff.date\` or the domain's \`created\``);
    }
  }
}

/**
 * A domain experiment's or OKR's `product` is one of its domain's products, or one not handed off
 * yet (the rule handoff-before-features warns then): a product handed to another domain is
 * another team's. A discovery experiment names no product: it belongs to its initiative.
 */
function checkProducts(records: Records, ids: Record<RecordKind, Map<string, LoadedRecord>>, report: Report): void {
  for (const record of [...records.experiment, ...records.okr] as (LoadedRecord<'experiment'> | LoadedRecord<'okr'>)[]) {
    const { product, domain } = record.data;
    if (product === undefined) continue;
    if (domain === undefined) {
      report(record, ['product'], 'product/discovery', `\`product\` is for a domain experiment; a discovery experiment tests its \`initiative\`: remove \`product\``);
      continue;
    }
    const initiative = ids.initiative.get(product) as LoadedRecord<'initiative'> | undefined;
    // An id naming no initiative is a dangling reference, reported as such.
    if (!initiative || initiative.data.handoff === undefined || initiative.data.domain === undefined || initiative.data.domain === domain) continue;
    report(record, ['product'], 'product/domain', `product \`${product}\` was handed off to domain \`${initiative.data.domain}\` (${initiative.file}), not \`${domain}\`: name one of ${domain}'s products, or move this ${record.kind === 'okr' ? 'OKR' : 'experiment'} to ${initiative.data.domain}`);
  }
}

function uniqueWithin(record: LoadedRecord, field: string, items: { id: string }[], noun: string, report: Report): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) report(record, [field, i, 'id'], 'id/duplicate', `${noun} \`${item.id}\` is listed twice`);
    seen.add(item.id);
  });
}

function checkHistory(
  initiative: LoadedRecord<'initiative'>,
  report: Report,
): void {
  const { history } = initiative.data;
  history.forEach((entry, i) => {
    if (entry.forced && !entry.reason) report(initiative, ['history', i], 'history/reason', 'a forced move records its `reason`');
    const previous = history[i - 1];
    if (!previous) return;
    if (entry.date < previous.date) {
      report(initiative, ['history', i, 'date'], 'history/date-order', `entered ${entry.stage} on ${entry.date}, before the previous move (${previous.stage} on ${previous.date}); history dates never go backwards`);
    }
    if (stageIndex(entry.stage) <= stageIndex(previous.stage) && !entry.reason) {
      report(initiative, ['history', i, 'stage'], 'history/stage-order', `moves from ${previous.stage} back to ${entry.stage} without a \`reason\`; stages go in order ${STAGES.join(' → ')}, and a pivot back records why`);
    }
  });
}

function supersedesCycle(start: LoadedRecord<'hypothesis'>, index: Map<string, LoadedRecord<'hypothesis'>>): boolean {
  const seen = new Set<string>([start.data.id]);
  let next = start.data.supersedes;
  while (next !== undefined) {
    if (seen.has(next)) return next === start.data.id;
    seen.add(next);
    next = index.get(next)?.data.supersedes;
  }
  return false;
}
