import { z } from 'zod';
import type { Problem } from '../errors.js';
import { locateJson, jsonSyntaxError, type JsonPath } from './json-locate.js';
import { HYPOTHESIS_KINDS, IMPORTANCES, STAGES, type Stage } from './vocabulary.js';

/**
 * The report summary: what `pdx report --json` prints and `pdx portfolio --from` reads back. It
 * mirrors the `Report` type of the reports layer (which this layer may not import);
 * `test/model/summary.test.ts` proves the two agree both ways, so a field added to one and not
 * the other fails the typecheck. Objects are not strict: a summary from a newer pdx of the same
 * version may carry fields added since (additive changes keep the version), and they are dropped.
 * This module loads zod: only the commands that read summaries (and `pdx schema`) import it.
 */

/** The summary version this pdx writes and reads (equal to the reports layer's `REPORT_SCHEMA_VERSION`). */
export const SUMMARY_SCHEMA_VERSION = 1;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.number();
const stage = z.enum(STAGES);
const measure = z.enum(['ab-tests', 'iterations', 'touchpoints']);
const week = { week: z.string(), start: day };
const stageShape = Object.fromEntries(STAGES.map((s) => [s, count])) as { [K in Stage]: typeof count };
const perStage = <T extends z.ZodType>(value: T) => z.object(Object.fromEntries(STAGES.map((s) => [s, value])) as { [K in Stage]: T });

const ProblemSchema = z.object({
  file: z.string(),
  line: z.number().optional(),
  column: z.number().optional(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});

const TeamWeekSchema = z.object({ ...week, measure: measure.nullable(), count, concluded: count, started: count });
const ExperimentsPerWeekSchema = z.object({
  measure: z.literal('ab-tests'),
  unit: z.string(),
  target: count,
  average: count,
  previousAverage: count.nullable(),
  teams: count,
  atTarget: count,
  weeks: z.array(z.object({ ...week, concluded: count, started: count, count, teams: count })),
  measures: z.array(
    z.object({ measure, unit: z.string(), target: count, teams: count, average: count, previousAverage: count.nullable(), atTarget: count, weeks: z.array(z.object({ ...week, teams: count, count })) }),
  ),
  byTeam: z.array(
    z.object({
      team: z.string(),
      kind: z.enum(['initiative', 'domain']),
      stage: stage.nullable(),
      measure,
      unit: z.string(),
      target: count,
      average: count,
      previousAverage: count.nullable(),
      weeks: z.array(TeamWeekSchema),
    }),
  ),
  handedOff: z.array(z.string()),
});

const StageAgeSchema = z.object({
  initiative: z.string(),
  stage,
  enteredOn: day.nullable(),
  days: count.nullable(),
  warnAfterDays: count,
  overdue: z.boolean(),
  source: z.enum(['history', 'git', 'unknown']),
});

// Added after version 1 was first written: a summary without it reads as no moves.
const StageMoveSchema = z.object({ initiative: z.string(), from: stage.nullable(), to: stage, date: day, by: z.string().nullable(), pivot: z.boolean(), forced: z.boolean() });

const ExpansionSchema = z.object({ id: z.string(), title: z.string(), stage, domain: z.string().nullable() });
const DomainProductsSchema = z.object({
  domain: z.string(),
  name: z.string().nullable(),
  products: z.array(z.object({ id: z.string(), title: z.string(), stage, handedOffOn: day, by: z.string().nullable(), forced: z.boolean(), expansions: z.array(ExpansionSchema) })),
});

const HeardQuoteSchema = z.object({
  initiative: z.string(),
  evidence: z.string(),
  date: day,
  source: z.string(),
  kind: z.enum(['do', 'say']),
  customer: z.string(),
  quote: z.string(),
  hypothesis: z.string().nullable(),
  claim: z.string().nullable(),
  verdict: z.string().nullable(),
});
const BalanceChangeSchema = z.object({ initiative: z.string(), hypothesis: z.string(), claim: z.string(), text: z.string(), before: count, after: count });

const AssumptionSchema = z.object({
  initiative: z.string(),
  hypothesis: z.string(),
  kind: z.enum(HYPOTHESIS_KINDS),
  claim: z.string(),
  text: z.string(),
  importance: z.enum(IMPORTANCES),
  evidence: count,
  strong: count,
  strongest: z.enum(['none', 'weak', 'strong']),
  balance: z.object({ supports: count, refutes: count, neutral: count }),
});

const GateReadinessSchema = z.object({ initiative: z.string(), stage, next: stage.nullable(), ready: z.boolean(), missing: z.array(z.string()) });

const OkrProgressSchema = z.object({
  domain: z.string(),
  okr: z.string(),
  period: z.string(),
  objective: z.string(),
  progress: count.nullable(),
  keyResults: z.array(
    z.object({
      id: z.string(),
      metric: z.string(),
      unit: z.string().nullable(),
      baseline: count,
      target: count,
      current: count.nullable(),
      progress: count.nullable(),
      lastCheckIn: day.nullable(),
      stale: z.boolean(),
      history: z.array(z.object({ date: day, value: count })),
    }),
  ),
});

const OutcomeExperimentSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  status: z.string(),
  result: z.string().nullable(),
  started: day.nullable(),
  concluded: day.nullable(),
  ab: z.string().nullable(),
});
const OutcomesSchema = z.object({
  keyResults: z.array(z.object({ domain: z.string(), okr: z.string(), period: z.string(), kr: z.string(), metric: z.string(), counts: z.record(z.string(), count), experiments: z.array(OutcomeExperimentSchema) })),
  unlinked: z.array(OutcomeExperimentSchema.extend({ domain: z.string() })),
});

const DomainHealthSchema = z.object({
  domain: z.string(),
  name: z.string(),
  warnings: z.array(
    z.object({
      kind: z.enum(['missing-role', 'no-current-okr', 'stale-kr']),
      message: z.string(),
      fix: z.string(),
      role: z.string().optional(),
      period: z.string().optional(),
      kr: z.string().optional(),
    }),
  ),
});

const StaleWorkSchema = z.object({
  experiments: z.array(z.object({ id: z.string(), owner: z.string(), started: day, plannedDays: count, daysRunning: count })),
  hypotheses: z.array(z.object({ id: z.string(), lastEvidence: day.nullable(), days: count.nullable() })),
});

const InvestmentSchema = z.object({
  teams: z.array(
    z.object({
      kind: z.enum(['initiative', 'domain']),
      id: z.string(),
      system: z.enum(['discovery', 'product-management']),
      domain: z.string().nullable(),
      people: z.array(z.string()),
      budget: z.number().nonnegative().nullable(),
    }),
  ),
});

/** The whole summary, field by field as `Report` declares it. */
export const ReportSummarySchema = z.object({
  schemaVersion: z.literal(SUMMARY_SCHEMA_VERSION),
  name: z.string(),
  vision: z.string().nullable(),
  asOf: day,
  since: day,
  window: z.string(),
  notices: z.array(z.string()),
  problems: z.array(ProblemSchema),
  experimentsPerWeek: ExperimentsPerWeekSchema,
  stageAging: z.array(StageAgeSchema),
  medianDaysInStage: perStage(count.nullable()),
  stageMoves: z.array(StageMoveSchema).default([]),
  funnel: z.object({ ...stageShape, graduated: count }),
  products: z.array(DomainProductsSchema),
  hypotheses: z.record(z.string(), z.record(z.string(), count)),
  claims: z.object({ supported: count, refuted: count, untested: count }),
  learnings: z.object({ invalidatedHypotheses: count, invalidatedExperiments: count, pivots: count }),
  customersHeard: count,
  evidencePerWeek: z.array(z.object({ ...week, count })),
  whatWeHeard: z.object({ quotes: z.array(HeardQuoteSchema), claimsChanged: z.array(BalanceChangeSchema) }),
  assumptions: z.array(AssumptionSchema),
  gateReadiness: z.array(GateReadinessSchema),
  okrs: z.array(OkrProgressSchema),
  outcomes: OutcomesSchema,
  domains: z.array(DomainHealthSchema),
  stale: StaleWorkSchema,
  investment: InvestmentSchema,
});

/** A report summary as read: the same shape as the reports layer's `Report`. */
export type ReportSummary = z.output<typeof ReportSummarySchema>;

/** What reading a summary file gives: the summary, or located problems saying why it is none. */
export type SummaryRead = { summary: ReportSummary; problems: [] } | { summary?: undefined; problems: Problem[] };
export type SummaryPartRead<K extends keyof ReportSummary> = { summary: Pick<ReportSummary, K>; problems: [] } | { summary?: undefined; problems: Problem[] };

const parts = new Map<string, z.ZodType>();
/** The summary schema of only these sections (built once per set). */
function partOf(only: readonly (keyof ReportSummary)[]): z.ZodType {
  const key = only.join(' ');
  let part = parts.get(key);
  if (!part) parts.set(key, (part = ReportSummarySchema.pick(Object.fromEntries(only.map((k) => [k, true])) as Record<keyof ReportSummary, true>)));
  return part;
}

/** How many wrong fields a shape mismatch names before it stops (the rest are usually the same mistake). */
const SHAPE_PROBLEMS = 5;

const pathText = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), '');

/**
 * Reads a report summary (`pdx report --json`'s output) from its text (a leading byte-order mark
 * ignored): pure. `file` is how the
 * user named it, used in every message. Malformed JSON is one problem at its line and column; a
 * file without a numeric `schemaVersion` is no summary; a version other than the one this pdx
 * reads is refused with what to do; a wrong shape names its first few wrong fields, each at its
 * place in the file.
 */
export function parseSummary(source: string, file: string): SummaryRead;
/** The same, checking (and keeping) only the sections named in `only`: what a reader that uses only those needs, at a fraction of the cost on a large summary. */
export function parseSummary<K extends keyof ReportSummary>(source: string, file: string, only: readonly K[] | undefined): SummaryPartRead<K>;
export function parseSummary(source: string, file: string, only?: readonly (keyof ReportSummary)[]): SummaryPartRead<keyof ReportSummary> {
  // A byte-order mark (which some Windows tools write) is no content: JSON.parse would refuse it.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const problem = (code: string, message: string, at?: { line: number; column: number }): Problem => ({ file, ...(at ?? {}), severity: 'error', code, message });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const error = jsonSyntaxError(text);
    return { problems: [problem('summary/json', `${file} is not valid JSON: ${error.message}`, error)] };
  }
  const version = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).schemaVersion : undefined;
  if (typeof version !== 'number') {
    return { problems: [problem('summary/not-a-summary', `${file} is not a pdx report summary (no schemaVersion); make one with pdx report --json`, locateJson(text, []))] };
  }
  if (version !== SUMMARY_SCHEMA_VERSION) {
    const newer = version > SUMMARY_SCHEMA_VERSION;
    const what = newer
      ? `upgrade pdx to one that reads version ${version}, or make the summary with a pdx that writes version ${SUMMARY_SCHEMA_VERSION}`
      : `make the summary again with this pdx (pdx report --json), or read it with a pdx that reads version ${version}`;
    return {
      problems: [
        problem('summary/version', `${file} is a pdx report summary of schema version ${version}, and this pdx reads version ${SUMMARY_SCHEMA_VERSION} only; ${what}`, locateJson(text, ['schemaVersion'])),
      ],
    };
  }
  const parsed = (only === undefined ? ReportSummarySchema : partOf(only)).safeParse(value);
  if (parsed.success) return { summary: parsed.data as ReportSummary, problems: [] };
  const issues = parsed.error.issues;
  const shown = issues.slice(0, SHAPE_PROBLEMS).map((issue) => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    const field = pathText(path) || '(the whole file)';
    return problem('summary/shape', `${file} is not a pdx report summary of version ${SUMMARY_SCHEMA_VERSION}: ${field}: ${issue.message}`, locateJson(text, path as JsonPath));
  });
  if (issues.length > SHAPE_PROBLEMS) {
    shown.push(problem('summary/shape', `${file}: ${issues.length - SHAPE_PROBLEMS} more wrong fields not shown; make the summary again with pdx report --json`));
  }
  return { problems: shown };
}
