import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ruleSettings as readSettings } from '../../src/engine/config.js';
import { domainExperimentsOf, evaluateGate, evaluateRule } from '../../src/gates/engine.js';
import type { Config } from '../../src/model/config.js';
import { validateRecord } from '../../src/model/describe.js';
import { stageAsOf } from '../../src/model/history.js';
import { asOfSnapshot } from '../../src/model/records.js';
import { placeholders } from '../../src/gates/messages.js';
import { defineRule, noOptions, type MessageData, type Rule, type RuleLocation } from '../../src/gates/rule.js';
import { RULES } from '../../src/gates/rules/index.js';
import type { Evidence } from '../../src/model/evidence.js';
import type { Experiment } from '../../src/model/experiment.js';
import type { Hypothesis } from '../../src/model/hypothesis.js';
import type { Initiative } from '../../src/model/initiative.js';
import type { RecordKind } from '../../src/model/kinds.js';
import { emptyRecords, type LoadedRecord, type Records } from '../../src/model/records.js';
import { HYPOTHESIS_KINDS } from '../../src/model/vocabulary.js';
import { fieldName } from '../../src/model/words.js';
import { checkFile } from '../../src/store/check-file.js';
import { VALID } from '../fixtures.js';

const ruleSettings = (config: Config) => readSettings(config, { zod: z, validate: validateRecord }).settings;

const AS_OF = '2026-11-24';

/**
 * A record as pdx loads it: the fixture of its kind (test/fixtures.ts) with `fields` written over
 * it, saved as YAML and read back through the schema, so every test world is made of valid files.
 */
function loaded<K extends RecordKind>(kind: K, file: string, base: string, fields: Record<string, unknown>): LoadedRecord<K> {
  const { data } = checkFile(kind, file, base);
  const verdict = checkFile(kind, file, stringify({ ...(data as object), ...fields }));
  if (verdict.data === undefined) throw new Error(`fixture ${file} is invalid: ${verdict.problems.map((p) => p.message).join('; ')}`);
  return { kind, file, data: verdict.data } as LoadedRecord<K>;
}

const I = 'discovery/initiatives/quotes.yaml';
const H = (id: string) => `discovery/hypotheses/${id}.yaml`;
const D = (id: string) => `discovery/domains/${id}.yaml`;

/** The fixture initiative, here with no team, history, ideas or people unless a case gives them. */
const initiative = (fields: Partial<Initiative> = {}) => loaded('initiative', I, VALID.initiative, { team: [], history: [], ...fields });
function hypothesis(kind: Hypothesis['kind'], fields: Record<string, unknown> = {}) {
  const id = (fields.id as string | undefined) ?? `quotes-${kind}`;
  // The fixture is a product hypothesis: other kinds do not have its improvementFactor.
  return loaded('hypothesis', H(id), VALID.hypothesis, { id, kind, status: 'validated', claims: [{ id: 'c1', text: 'A claim.' }], improvementFactor: kind === 'product' ? 12 : undefined, ...fields });
}
const evidence = (n: number, fields: Partial<Evidence> = {}) =>
  Array.from({ length: n }, (_, i) => ({ id: `e${i}`, customer: `C-${i}`, hypothesis: undefined, claim: undefined, verdict: undefined, ...fields }) as Partial<Evidence>);
const experiments = (n: number, type: Experiment['type'], result: Experiment['result'] = 'validated', fields: Partial<Experiment> = {}) =>
  Array.from({ length: n }, (_, i) => ({ id: `x-${type}-${i}`, type, result, ...fields }) as Partial<Experiment>);
/** One evidence record with a verdict on claim `claim` of the `kind` hypothesis (`quotes-<kind>`). */
const on = (kind: Hypothesis['kind'], claim: string, verdict: Evidence['verdict'], id = 'x'): Partial<Evidence> => ({ id: `${kind}-${claim}-${verdict}-${id}`, customer: 'C-1', hypothesis: `quotes-${kind}`, claim, verdict });
const participants = (n: number, joined = '2026-09-01') => Array.from({ length: n }, (_, i) => ({ id: `P-${i}`, joined }));
const customers = (n: number, payingSince = '2026-10-01', churnedOn?: string) => Array.from({ length: n }, (_, i) => ({ id: `C-${i}`, payingSince, ...(churnedOn ? { churnedOn } : {}) }));
const six = (fields: Partial<Record<Hypothesis['kind'], Record<string, unknown>>> = {}) => HYPOTHESIS_KINDS.map((k) => ({ kind: k, ...fields[k] }));
/** Evidence with a verdict on every first claim of the six hypotheses, from `customerCount` distinct customers. */
const allClaimsTested = (customerCount = 10): Partial<Evidence>[] =>
  HYPOTHESIS_KINDS.map((k, i) => ({ id: `v${i}`, customer: `C-${i % customerCount}`, hypothesis: `quotes-${k}`, claim: 'c1', verdict: 'supports' }) as Partial<Evidence>).concat(
    Array.from({ length: Math.max(0, customerCount - 6) }, (_, i) => ({ id: `w${i}`, customer: `C-${6 + i}`, hypothesis: 'quotes-customer', claim: 'c1', verdict: 'neutral' }) as Partial<Evidence>),
  );

/** One record with a verdict on the first claim of each of the six hypotheses, from `fields`. */
const onEveryClaim = (fields: Partial<Evidence>): Partial<Evidence>[] =>
  HYPOTHESIS_KINDS.map((k, i) => ({ id: `s${i}`, customer: `C-${i}`, hypothesis: `quotes-${k}`, claim: 'c1', verdict: 'supports', ...fields }) as Partial<Evidence>);

interface World {
  initiative?: Partial<Initiative>;
  /** Each a kind plus the fields that differ from a validated hypothesis with one claim `c1`. */
  hypotheses?: ({ kind: Hypothesis['kind'] } & Record<string, unknown>)[];
  evidence?: Partial<Evidence>[];
  experiments?: Partial<Experiment>[];
  /** Product-management domains (`onboarding` unless an id is given), their OKRs and their experiments. */
  domains?: Record<string, unknown>[];
  okrs?: Record<string, unknown>[];
  domainExperiments?: Partial<Experiment>[];
}

function records(world: World): Records {
  const r = emptyRecords();
  r.initiative.push(initiative(world.initiative));
  r.hypothesis.push(...(world.hypotheses ?? []).map(({ kind, ...fields }) => hypothesis(kind, fields)));
  r.evidence.push(...(world.evidence ?? []).map((fields) => loaded('evidence', `discovery/evidence/quotes/${fields.id}.yaml`, VALID.evidence, fields)));
  r.experiment.push(...(world.experiments ?? []).map((fields) => loaded('experiment', `discovery/experiments/quotes/${fields.id}.yaml`, VALID.experiment, fields)));
  r.domain.push(...(world.domains ?? []).map((fields) => loaded('domain', D(String(fields.id ?? 'onboarding')), VALID.domain, fields)));
  r.okr.push(...(world.okrs ?? []).map((fields) => loaded('okr', `discovery/okrs/${String(fields.id)}.yaml`, VALID.okr, fields)));
  r.experiment.push(
    ...(world.domainExperiments ?? []).map((fields) => loaded('experiment', `discovery/experiments/${fields.domain}/${fields.id}.yaml`, VALID.experiment, { initiative: undefined, hypotheses: [], ...fields })),
  );
  return r;
}

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;

/** One rule on one world, through the engine (so its messages are checked), with options as pdx.yaml would set them. */
function run(id: string, world: World, options: Record<string, unknown> = {}) {
  const all = records(world);
  const snapshot = asOfSnapshot(all, AS_OF);
  return evaluateRule(rule(id), { initiative: snapshot.initiative[0]!, stage: stageAsOf(all.initiative[0]!, AS_OF).stage, records: snapshot, domainExperiments: domainExperimentsOf(snapshot), asOf: AS_OF }, rule(id).meta.options(z).parse(options) as Record<string, unknown>);
}

/** `file field.path`: the record and the field a finding is about. */
const where = (at: RuleLocation) => `${at.record.file} ${fieldName(at.path)}`;

interface Expected {
  messageId: string;
  data: MessageData;
  /** Required: `file field.path` of the field the user must change. */
  at: string;
  /** Required: the command that fixes it, as printed. */
  fix: string;
}
const error = (messageId: string, data: MessageData, at: string, fix: string): Expected => ({ messageId, data, at, fix });
interface Valid {
  name: string;
  world: World;
  /** The pass line the checklist shows. */
  message: string;
}
interface Invalid {
  name: string;
  world: World;
  /** Every finding, in order. */
  errors: [Expected, ...Expected[]];
}

/** Per rule, as ESLint's RuleTester: worlds it passes on, and worlds it fails on with each finding's message id, data and location. */
const tests: Record<string, { valid: Valid[]; invalid: Invalid[] }> = {
  ideas: {
    valid: [{ name: '3 ideas', world: { initiative: { ideas: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] } }, message: '3 ideas recorded, of 3 needed' }],
    invalid: [
      { name: '2 ideas', world: { initiative: { ideas: [{ text: 'a' }, { text: 'b' }] } }, errors: [error('tooFew', { ideas: '2 ideas', min: 3 }, `${I} ideas`, 'pdx idea add quotes --text "…"')] },
      { name: 'one idea is one idea', world: { initiative: { ideas: [{ text: 'a' }] } }, errors: [error('tooFew', { ideas: '1 idea', min: 3 }, `${I} ideas`, 'pdx idea add quotes --text "…"')] },
      { name: 'an idea dated after as-of does not count', world: { initiative: { ideas: [{ text: 'a' }, { text: 'b' }, { text: 'c', date: '2026-12-01' }] } }, errors: [error('tooFew', { ideas: '2 ideas', min: 3 }, `${I} ideas`, 'pdx idea add quotes --text "…"')] },
    ],
  },
  immersion: {
    valid: [{ name: '5 evidence records', world: { evidence: evidence(5) }, message: '5 evidence records logged, of 5 needed' }],
    invalid: [
      { name: '4 evidence records', world: { evidence: evidence(4) }, errors: [error('tooFew', { evidence: '4 evidence records', min: 5 }, `${I} stage`, 'pdx evidence add --initiative quotes')] },
      { name: 'evidence of another initiative does not count', world: { evidence: [...evidence(4), ...evidence(1, { id: 'other', initiative: 'other' })] }, errors: [error('tooFew', { evidence: '4 evidence records', min: 5 }, `${I} stage`, 'pdx evidence add --initiative quotes')] },
    ],
  },
  'handoff-before-features': {
    valid: [
      { name: 'no domain named', world: { okrs: [{ id: 'onboarding-q4' }], domains: [{}] }, message: 'no domain runs experiments or OKRs before the handoff' },
      { name: 'named domain with no OKRs or experiments', world: { initiative: { domain: 'onboarding' }, domains: [{}] }, message: 'no domain runs experiments or OKRs before the handoff' },
      {
        name: 'handed off: product management may start',
        world: { initiative: { domain: 'onboarding', handoff: { date: '2026-11-01' } }, domains: [{ products: ['quotes'] }], okrs: [{ id: 'onboarding-q4' }], domainExperiments: [{ id: 'ab-1', domain: 'onboarding', type: 'ab-test' }] },
        message: 'no domain runs experiments or OKRs before the handoff',
      },
      // A products entry is no link: as of a day before the handoff the snapshot still has the entry
      // the handoff wrote (the domain's work may be for its other products), and an entry without a
      // handoff is a problem of its own (domain/product).
      { name: 'a domain listing it among its products, without domain on the initiative', world: { domains: [{ id: 'billing', products: ['quotes'] }], okrs: [{ id: 'billing-q4', domain: 'billing' }] }, message: 'no domain runs experiments or OKRs before the handoff' },
      { name: 'a handoff dated after as-of: before it the initiative names no domain', world: { initiative: { domain: 'onboarding', handoff: { date: '2026-11-30' } }, domains: [{ products: ['quotes'] }], okrs: [{ id: 'onboarding-q4' }] }, message: 'no domain runs experiments or OKRs before the handoff' },
      { name: "another domain's work does not count", world: { initiative: { domain: 'onboarding' }, domains: [{}, { id: 'billing' }], okrs: [{ id: 'billing-q4', domain: 'billing' }], domainExperiments: [{ id: 'ab-1', domain: 'billing', type: 'ab-test' }] }, message: 'no domain runs experiments or OKRs before the handoff' },
      {
        name: 'a product handed off: its domain may work on it',
        world: { initiative: { stage: 'mvp', domain: 'onboarding', handoff: { date: '2026-11-01' } }, domains: [{ products: ['quotes'] }], okrs: [{ id: 'onboarding-q4', product: 'quotes' }], domainExperiments: [{ id: 'ab-1', domain: 'onboarding', type: 'ab-test', product: 'quotes' }] },
        message: 'no domain runs experiments or OKRs before the handoff',
      },
      {
        name: 'an OKR set and an experiment started after as-of had not begun on the day',
        world: { initiative: { stage: 'mvp' }, domains: [{}], okrs: [{ id: 'onboarding-q4', product: 'quotes', created: '2026-11-25' }], domainExperiments: [{ id: 'ab-1', domain: 'onboarding', type: 'ab-test', product: 'quotes', started: '2026-11-25' }] },
        message: 'no domain runs experiments or OKRs before the handoff',
      },
      { name: "work for another product does not count", world: { domains: [{}], okrs: [{ id: 'onboarding-q4', product: 'billing' }], domainExperiments: [{ id: 'ab-1', domain: 'onboarding', type: 'ab-test', product: 'billing' }] }, message: 'no domain runs experiments or OKRs before the handoff' },
    ],
    invalid: [
      {
        name: 'at mvp, an OKR and an experiment for it: one finding each, at its product, the handoff their fix',
        world: { initiative: { stage: 'mvp' }, domains: [{}], okrs: [{ id: 'onboarding-q4', product: 'quotes' }], domainExperiments: [{ id: 'ab-1', domain: 'onboarding', type: 'ab-test', product: 'quotes' }] },
        errors: [
          error('experiment', { domain: 'onboarding', experiment: 'ab-1' }, 'discovery/experiments/onboarding/ab-1.yaml product', 'pdx handoff quotes --domain onboarding'),
          error('okr', { domain: 'onboarding', okr: 'onboarding-q4' }, 'discovery/okrs/onboarding-q4.yaml product', 'pdx handoff quotes --domain onboarding'),
        ],
      },
      {
        name: 'before mvp: the discovery still to do is the fix, not a handoff that would be refused',
        world: { domains: [{}], okrs: [{ id: 'onboarding-q4', product: 'quotes' }], domainExperiments: [{ id: 'ab-1', domain: 'onboarding', type: 'ab-test', product: 'quotes' }] },
        errors: [
          error('experimentInDiscovery', { domain: 'onboarding', experiment: 'ab-1', stage: 'hypothesis' }, 'discovery/experiments/onboarding/ab-1.yaml product', 'pdx stage quotes'),
          error('okrInDiscovery', { domain: 'onboarding', okr: 'onboarding-q4', stage: 'hypothesis' }, 'discovery/okrs/onboarding-q4.yaml product', 'pdx stage quotes'),
        ],
      },
      {
        name: 'at mvp only after as-of: the stage of that day decides',
        world: { initiative: { stage: 'mvp', history: [{ stage: 'release', date: '2026-10-01' }, { stage: 'mvp', date: '2026-11-30' }] }, domains: [{}], domainExperiments: [{ id: 'ab-1', domain: 'onboarding', type: 'ab-test', product: 'quotes' }] },
        errors: [error('experimentInDiscovery', { domain: 'onboarding', experiment: 'ab-1', stage: 'release' }, 'discovery/experiments/onboarding/ab-1.yaml product', 'pdx stage quotes')],
      },
      {
        name: 'a handoff dated after as-of: on that day it was not handed off',
        world: { initiative: { stage: 'mvp', domain: 'onboarding', handoff: { date: '2026-11-30' } }, domains: [{ products: ['quotes'] }], okrs: [{ id: 'onboarding-q4', product: 'quotes' }] },
        errors: [error('okr', { domain: 'onboarding', okr: 'onboarding-q4' }, 'discovery/okrs/onboarding-q4.yaml product', 'pdx handoff quotes --domain onboarding')],
      },
      {
        name: 'the domain it names by hand: every OKR and experiment of it, at its domain (at its product when it names it, once)',
        world: {
          initiative: { domain: 'onboarding' },
          domains: [{}],
          okrs: [{ id: 'onboarding-q4' }],
          domainExperiments: [
            { id: 'ab-1', domain: 'onboarding', type: 'ab-test' },
            { id: 'ab-2', domain: 'onboarding', type: 'ab-test', product: 'quotes' },
          ],
        },
        errors: [
          error('experimentInDiscovery', { domain: 'onboarding', experiment: 'ab-1', stage: 'hypothesis' }, 'discovery/experiments/onboarding/ab-1.yaml domain', 'pdx stage quotes'),
          error('experimentInDiscovery', { domain: 'onboarding', experiment: 'ab-2', stage: 'hypothesis' }, 'discovery/experiments/onboarding/ab-2.yaml product', 'pdx stage quotes'),
          error('okrInDiscovery', { domain: 'onboarding', okr: 'onboarding-q4', stage: 'hypothesis' }, 'discovery/okrs/onboarding-q4.yaml domain', 'pdx stage quotes'),
        ],
      },
      {
        name: 'at mvp, the domain it names by hand: the handoff to it',
        world: { initiative: { stage: 'mvp', domain: 'onboarding' }, domains: [{}], okrs: [{ id: 'onboarding-q4' }] },
        errors: [error('okr', { domain: 'onboarding', okr: 'onboarding-q4' }, 'discovery/okrs/onboarding-q4.yaml domain', 'pdx handoff quotes --domain onboarding')],
      },
    ],
  },
  epiphany: {
    valid: [{ name: 'an epiphany', world: { initiative: { epiphany: 'Cash flow decides' } }, message: 'epiphany statement recorded' }],
    invalid: [{ name: 'no epiphany', world: {}, errors: [error('missing', {}, `${I} epiphany`, 'pdx initiative update quotes --epiphany "…"')] }],
  },
  'six-hypotheses': {
    valid: [
      { name: 'all six', world: { hypotheses: six() }, message: 'all six hypotheses written' },
      { name: 'a superseded one replaced by its successor', world: { hypotheses: [...six({ pricing: { id: 'quotes-pricing-2', supersedes: 'quotes-pricing-0' } }), { kind: 'pricing', id: 'quotes-pricing-0' }] }, message: 'all six hypotheses written' },
    ],
    invalid: [
      { name: 'five kinds', world: { hypotheses: six().filter((h) => h.kind !== 'competitor') }, errors: [error('missing', { kind: 'competitor' }, `${I} stage`, 'pdx hypothesis add --initiative quotes --kind competitor')] },
      { name: 'the only pricing one invalidated', world: { hypotheses: six({ pricing: { status: 'invalidated' } }) }, errors: [error('missing', { kind: 'pricing' }, `${I} stage`, 'pdx hypothesis add --initiative quotes --kind pricing')] },
      {
        name: 'one finding per missing kind, each its own hypothesis add',
        world: { hypotheses: six().filter((h) => h.kind === 'customer' || h.kind === 'product') },
        errors: [
          error('missing', { kind: 'market' }, `${I} stage`, 'pdx hypothesis add --initiative quotes --kind market'),
          error('missing', { kind: 'competitor' }, `${I} stage`, 'pdx hypothesis add --initiative quotes --kind competitor'),
          error('missing', { kind: 'pricing' }, `${I} stage`, 'pdx hypothesis add --initiative quotes --kind pricing'),
          error('missing', { kind: 'revenue-engine' }, `${I} stage`, 'pdx hypothesis add --initiative quotes --kind revenue-engine'),
        ],
      },
    ],
  },
  'ten-x': {
    valid: [{ name: '10X', world: { hypotheses: six({ product: { improvementFactor: 10 } }) }, message: "the product is 10X better than today's solution, meeting the 10X bar" }],
    invalid: [
      { name: '9.9X', world: { hypotheses: six({ product: { improvementFactor: 9.9 } }) }, errors: [error('tooSmall', { factor: 9.9, min: 10, hypothesis: 'quotes-product' }, `${H('quotes-product')} improvementFactor`, 'pdx hypothesis add --initiative quotes --kind product --supersedes quotes-product')] },
      { name: 'no factor', world: { hypotheses: six({ product: { improvementFactor: undefined } }) }, errors: [error('noFactor', { hypothesis: 'quotes-product' }, `${H('quotes-product')} improvementFactor`, 'pdx hypothesis add --initiative quotes --kind product --supersedes quotes-product')] },
      { name: 'no product hypothesis', world: { hypotheses: six().filter((h) => h.kind !== 'product') }, errors: [error('noProduct', { min: 10 }, `${I} stage`, 'pdx hypothesis add --initiative quotes --kind product')] },
    ],
  },
  'core-team': {
    valid: [{ name: 'all three', world: { initiative: { team: [{ name: 'a', role: 'product-manager' }, { name: 'b', role: 'engineering-lead' }, { name: 'c', role: 'designer' }] } }, message: 'core team complete' }],
    invalid: [
      { name: 'no designer', world: { initiative: { team: [{ name: 'a', role: 'product-manager' }, { name: 'b', role: 'engineering-lead' }] } }, errors: [error('missingRole', { role: 'designer' }, `${I} team`, 'pdx team add quotes --role designer --name "…"')] },
      {
        name: 'a product manager alone: one finding per missing role',
        world: { initiative: { team: [{ name: 'a', role: 'product-manager' }] } },
        errors: [error('missingRole', { role: 'designer' }, `${I} team`, 'pdx team add quotes --role designer --name "…"'), error('missingRole', { role: 'engineering-lead' }, `${I} team`, 'pdx team add quotes --role engineering-lead --name "…"')],
      },
    ],
  },
  'claims-tested': {
    valid: [{ name: 'every claim tested, all validated', world: { hypotheses: six(), evidence: allClaimsTested() }, message: 'all 6 claims tested and all six hypotheses validated' }],
    invalid: [
      {
        name: 'one claim untested',
        world: { hypotheses: six(), evidence: allClaimsTested().filter((e) => e.hypothesis !== 'quotes-market') },
        errors: [error('untested', { count: 1, total: 1, hypothesis: 'quotes-market', claims: 'c1', claim: 'c1' }, `${H('quotes-market')} claims[0]`, 'pdx evidence add --initiative quotes --hypothesis quotes-market --claim c1')],
      },
      {
        name: 'a claim with neutral evidence only is not tested',
        world: { hypotheses: six(), evidence: allClaimsTested().map((e) => (e.hypothesis === 'quotes-market' ? { ...e, verdict: 'neutral' } : e)) },
        errors: [error('untested', { count: 1, total: 1, hypothesis: 'quotes-market', claims: 'c1', claim: 'c1' }, `${H('quotes-market')} claims[0]`, 'pdx evidence add --initiative quotes --hypothesis quotes-market --claim c1')],
      },
      {
        name: 'the second claim untested is the one pointed at',
        world: { hypotheses: six({ market: { claims: [{ id: 'c1', text: 'Tested.' }, { id: 'c2', text: 'Not yet.' }] } }), evidence: allClaimsTested() },
        errors: [error('untested', { count: 1, total: 2, hypothesis: 'quotes-market', claims: 'c2', claim: 'c2' }, `${H('quotes-market')} claims[1]`, 'pdx evidence add --initiative quotes --hypothesis quotes-market --claim c2')],
      },
      {
        name: 'one hypothesis still testing',
        world: { hypotheses: six({ competitor: { status: 'testing' } }), evidence: allClaimsTested() },
        errors: [error('notValidated', { hypothesis: 'quotes-competitor', status: 'testing' }, `${H('quotes-competitor')} status`, 'pdx hypothesis status quotes-competitor validated')],
      },
      {
        name: 'a hypothesis its evidence does not support: more evidence is the fix, not marking it validated',
        world: { hypotheses: six({ pricing: { status: 'testing' } }), evidence: allClaimsTested().map((e) => (e.hypothesis === 'quotes-pricing' ? { ...e, verdict: 'refutes' } : e)) },
        errors: [error('notSupported', { hypothesis: 'quotes-pricing', status: 'testing', claim: 'c1' }, `${H('quotes-pricing')} status`, 'pdx evidence add --initiative quotes --hypothesis quotes-pricing --claim c1')],
      },
      {
        name: 'each problem its own finding, at its own record',
        world: {
          hypotheses: six({ customer: { status: 'draft' }, market: { claims: [{ id: 'c1', text: 'a' }, { id: 'c2', text: 'b' }, { id: 'c3', text: 'c' }] } }).filter((h) => h.kind !== 'competitor'),
          evidence: allClaimsTested().filter((e) => e.hypothesis !== 'quotes-pricing'),
        },
        errors: [
          error('untested', { count: 2, total: 3, hypothesis: 'quotes-market', claims: 'c2, c3', claim: 'c2' }, `${H('quotes-market')} claims[1]`, 'pdx evidence add --initiative quotes --hypothesis quotes-market --claim c2'),
          error('untested', { count: 1, total: 1, hypothesis: 'quotes-pricing', claims: 'c1', claim: 'c1' }, `${H('quotes-pricing')} claims[0]`, 'pdx evidence add --initiative quotes --hypothesis quotes-pricing --claim c1'),
          error('notValidated', { hypothesis: 'quotes-customer', status: 'draft' }, `${H('quotes-customer')} status`, 'pdx hypothesis status quotes-customer validated'),
          error('kinds', { count: 5, kind: 'competitor' }, `${I} stage`, 'pdx hypothesis add --initiative quotes --kind competitor'),
        ],
      },
    ],
  },
  'status-matches-evidence': {
    valid: [
      { name: 'validated, one supporting record', world: { hypotheses: [{ kind: 'customer' }], evidence: [on('customer', 'c1', 'supports')] }, message: 'the status of 1 hypothesis agrees with the evidence' },
      {
        name: 'validated, supported on balance: c1 two to one, c2 one each',
        world: { hypotheses: [{ kind: 'customer', claims: [{ id: 'c1', text: 'a' }, { id: 'c2', text: 'b' }] }], evidence: [on('customer', 'c1', 'supports', 'a'), on('customer', 'c1', 'supports', 'b'), on('customer', 'c1', 'refutes', 'c'), on('customer', 'c2', 'supports', 'd'), on('customer', 'c2', 'refutes', 'e')] },
        message: 'the status of 1 hypothesis agrees with the evidence',
      },
      { name: 'testing and draft claim nothing, whatever the evidence', world: { hypotheses: [{ kind: 'customer', status: 'testing' }, { kind: 'market', status: 'draft' }], evidence: [on('customer', 'c1', 'refutes'), on('market', 'c1', 'refutes')] }, message: 'the status of 2 hypotheses agrees with the evidence' },
      { name: 'invalidated, one refuting record among supporting ones', world: { hypotheses: [{ kind: 'pricing', status: 'invalidated' }], evidence: [on('pricing', 'c1', 'refutes', 'a'), on('pricing', 'c1', 'supports', 'b'), on('pricing', 'c1', 'supports', 'c')] }, message: 'the status of 1 hypothesis agrees with the evidence' },
      {
        name: 'validated against the evidence with --force --reason: the gate warns of it instead',
        world: { hypotheses: [{ kind: 'customer', statusOverride: { status: 'validated', reason: 'Signed letter of intent', date: '2026-11-01' } }], evidence: [on('customer', 'c1', 'refutes')] },
        message: 'the status of 1 hypothesis agrees with the evidence',
      },
      { name: 'a refuting record dated after the as-of day is not known yet', world: { hypotheses: [{ kind: 'customer' }], evidence: [on('customer', 'c1', 'supports', 'a'), { ...on('customer', 'c1', 'refutes', 'b'), date: '2026-12-01' }] }, message: 'the status of 1 hypothesis agrees with the evidence' },
    ],
    invalid: [
      {
        name: 'validated, one supporting vs one refuting record: not supported on balance',
        world: { hypotheses: [{ kind: 'customer' }], evidence: [on('customer', 'c1', 'supports', 'a'), on('customer', 'c1', 'refutes', 'b')] },
        errors: [error('unsupported', { hypothesis: 'quotes-customer', claim: 'c1', supports: 1, refutes: 1 }, `${H('quotes-customer')} status`, 'pdx evidence add --initiative quotes --hypothesis quotes-customer --claim c1')],
      },
      {
        name: 'validated, neutral records only',
        world: { hypotheses: [{ kind: 'customer' }], evidence: [on('customer', 'c1', 'neutral', 'a'), on('customer', 'c1', 'neutral', 'b')] },
        errors: [error('unsupported', { hypothesis: 'quotes-customer', claim: 'c1', supports: 0, refutes: 0 }, `${H('quotes-customer')} status`, 'pdx evidence add --initiative quotes --hypothesis quotes-customer --claim c1')],
      },
      {
        name: 'validated, no evidence: the fix names the first claim without a verdict',
        world: { hypotheses: [{ kind: 'customer', claims: [{ id: 'c1', text: 'a' }, { id: 'c2', text: 'b' }] }], evidence: [on('customer', 'c1', 'neutral')] },
        errors: [error('unsupported', { hypothesis: 'quotes-customer', claim: 'c1', supports: 0, refutes: 0 }, `${H('quotes-customer')} status`, 'pdx evidence add --initiative quotes --hypothesis quotes-customer --claim c1')],
      },
      {
        name: 'validated, only refuting evidence',
        world: { hypotheses: [{ kind: 'pricing' }], evidence: [on('pricing', 'c1', 'refutes', 'a'), on('pricing', 'c1', 'refutes', 'b')] },
        errors: [error('refutedClaim', { hypothesis: 'quotes-pricing', claim: 'c1', supports: 0, refutes: 2 }, `${H('quotes-pricing')} claims[0]`, 'pdx hypothesis status quotes-pricing testing')],
      },
      {
        name: 'validated, one supporting vs one refuting on different claims: c2 is refuted more than supported',
        world: { hypotheses: [{ kind: 'customer', claims: [{ id: 'c1', text: 'a' }, { id: 'c2', text: 'b' }] }], evidence: [on('customer', 'c1', 'supports', 'a'), on('customer', 'c2', 'refutes', 'b')] },
        errors: [error('refutedClaim', { hypothesis: 'quotes-customer', claim: 'c2', supports: 0, refutes: 1 }, `${H('quotes-customer')} claims[1]`, 'pdx hypothesis status quotes-customer testing')],
      },
      {
        name: 'invalidated, no refuting record (superseded and invalidated hypotheses are checked too)',
        world: { hypotheses: [{ kind: 'pricing', status: 'invalidated', claims: [{ id: 'c1', text: 'a' }, { id: 'c2', text: 'b' }] }, { kind: 'pricing', id: 'quotes-pricing-2', status: 'testing', supersedes: 'quotes-pricing' }], evidence: [on('pricing', 'c2', 'supports'), on('pricing', 'c1', 'neutral', 'b')] },
        errors: [error('notRefuted', { hypothesis: 'quotes-pricing', claim: 'c1' }, `${H('quotes-pricing')} status`, 'pdx evidence add --initiative quotes --hypothesis quotes-pricing --claim c1 --verdict refutes')],
      },
      {
        name: 'a recorded override of another status does not excuse this one',
        world: { hypotheses: [{ kind: 'customer', statusOverride: { status: 'invalidated', reason: 'Pilot cancelled', date: '2026-10-01' } }], evidence: [on('customer', 'c1', 'refutes')] },
        errors: [error('refutedClaim', { hypothesis: 'quotes-customer', claim: 'c1', supports: 0, refutes: 1 }, `${H('quotes-customer')} claims[0]`, 'pdx hypothesis status quotes-customer testing')],
      },
    ],
  },
  'strong-evidence': {
    valid: [
      { name: 'do-data on every claim', world: { hypotheses: six(), evidence: onEveryClaim({ source: 'observation' }) }, message: 'all 6 claims have at least 1 strong record: what customers did, not only said' },
      { name: 'say-data marked strong by hand counts', world: { hypotheses: six(), evidence: onEveryClaim({ source: 'interview', strength: 'strong' }) }, message: 'all 6 claims have at least 1 strong record: what customers did, not only said' },
      {
        name: "an interview logged in a concierge experiment takes the experiment's type",
        world: { hypotheses: six(), evidence: onEveryClaim({ source: 'interview', experiment: 'x-concierge-0' }), experiments: experiments(1, 'concierge') },
        message: 'all 6 claims have at least 1 strong record: what customers did, not only said',
      },
      {
        name: 'what a paying customer says is backed by the payment',
        world: { initiative: { customers: customers(1, '2026-10-01') }, hypotheses: six(), evidence: onEveryClaim({ source: 'interview', customer: 'C-0', date: '2026-10-01' }) },
        message: 'all 6 claims have at least 1 strong record: what customers did, not only said',
      },
      {
        name: 'technical risk: a concluded technical spike counts for every claim of the hypotheses it tests',
        world: { initiative: { risk: 'technical' }, hypotheses: six(), experiments: experiments(1, 'technical-spike', 'inconclusive', { hypotheses: HYPOTHESIS_KINDS.map((k) => `quotes-${k}`) }) },
        message: 'all 6 claims have at least 1 strong record: what customers did, not only said',
      },
    ],
    invalid: [
      {
        name: 'say-data only: interviews and surveys',
        world: { hypotheses: [{ kind: 'customer', claims: [{ id: 'c1', text: 'a' }, { id: 'c2', text: 'b' }] }], evidence: [{ id: 'e1', source: 'interview', hypothesis: 'quotes-customer', claim: 'c1', verdict: 'supports' }, { id: 'e2', source: 'survey', hypothesis: 'quotes-customer', claim: 'c2', verdict: 'supports' }] },
        errors: [error('weak', { count: 2, total: 2, hypothesis: 'quotes-customer', claims: 'c1, c2', needed: '1 strong record', type: 'concierge' }, `${H('quotes-customer')} claims[0]`, 'pdx experiment add --initiative quotes --type concierge --hypothesis quotes-customer')],
      },
      {
        name: 'do-data on the first claim only: the second is pointed at',
        world: { hypotheses: [{ kind: 'customer', claims: [{ id: 'c1', text: 'a' }, { id: 'c2', text: 'b' }] }], evidence: [{ id: 'e1', source: 'analytics', hypothesis: 'quotes-customer', claim: 'c1', verdict: 'refutes' }, { id: 'e2', source: 'research', hypothesis: 'quotes-customer', claim: 'c2', verdict: 'supports' }] },
        errors: [error('weak', { count: 1, total: 2, hypothesis: 'quotes-customer', claims: 'c2', needed: '1 strong record', type: 'concierge' }, `${H('quotes-customer')} claims[1]`, 'pdx experiment add --initiative quotes --type concierge --hypothesis quotes-customer')],
      },
      {
        name: 'an observation marked weak by hand no longer counts',
        world: { hypotheses: six(), evidence: onEveryClaim({ source: 'observation' }).map((e) => (e.hypothesis === 'quotes-pricing' ? { ...e, strength: 'weak' } : e)) },
        errors: [error('weak', { count: 1, total: 1, hypothesis: 'quotes-pricing', claims: 'c1', needed: '1 strong record', type: 'concierge' }, `${H('quotes-pricing')} claims[0]`, 'pdx experiment add --initiative quotes --type concierge --hypothesis quotes-pricing')],
      },
      {
        name: 'experiment evidence from an interview experiment is say-data',
        world: { hypotheses: [{ kind: 'market' }], evidence: [{ id: 'e1', source: 'experiment', experiment: 'x-interview-0', hypothesis: 'quotes-market', claim: 'c1', verdict: 'supports' }], experiments: experiments(1, 'interview') },
        errors: [error('weak', { count: 1, total: 1, hypothesis: 'quotes-market', claims: 'c1', needed: '1 strong record', type: 'concierge' }, `${H('quotes-market')} claims[0]`, 'pdx experiment add --initiative quotes --type concierge --hypothesis quotes-market')],
      },
      {
        name: 'a customer who churned before the interview is no longer paying',
        world: { initiative: { customers: customers(1, '2026-09-01', '2026-09-30') }, hypotheses: [{ kind: 'pricing' }], evidence: [{ id: 'e1', source: 'interview', customer: 'C-0', date: '2026-10-01', hypothesis: 'quotes-pricing', claim: 'c1', verdict: 'supports' }] },
        errors: [error('weak', { count: 1, total: 1, hypothesis: 'quotes-pricing', claims: 'c1', needed: '1 strong record', type: 'concierge' }, `${H('quotes-pricing')} claims[0]`, 'pdx experiment add --initiative quotes --type concierge --hypothesis quotes-pricing')],
      },
      {
        name: 'technical risk: a spike still running does not count, and the fix is a spike',
        world: { initiative: { risk: 'technical' }, hypotheses: [{ kind: 'product' }], experiments: experiments(1, 'technical-spike', undefined, { status: 'running', concluded: undefined, learning: undefined }) },
        errors: [error('weak', { count: 1, total: 1, hypothesis: 'quotes-product', claims: 'c1', needed: '1 strong record', type: 'technical-spike' }, `${H('quotes-product')} claims[0]`, 'pdx experiment add --initiative quotes --type technical-spike --hypothesis quotes-product')],
      },
      {
        name: 'market risk: a concluded spike is not evidence about customers',
        world: { hypotheses: [{ kind: 'product' }], experiments: experiments(1, 'technical-spike', 'validated', { hypotheses: ['quotes-product'] }) },
        errors: [error('weak', { count: 1, total: 1, hypothesis: 'quotes-product', claims: 'c1', needed: '1 strong record', type: 'concierge' }, `${H('quotes-product')} claims[0]`, 'pdx experiment add --initiative quotes --type concierge --hypothesis quotes-product')],
      },
    ],
  },
  'customer-voices': {
    valid: [{ name: '10 customers', world: { hypotheses: six(), evidence: allClaimsTested(10) }, message: 'evidence on the hypotheses comes from 10 of 10 distinct customers' }],
    invalid: [
      { name: '9 customers', world: { hypotheses: six(), evidence: allClaimsTested(9) }, errors: [error('tooFew', { customers: 9, min: 10 }, `${I} stage`, 'pdx evidence add --initiative quotes')] },
      { name: 'evidence on no hypothesis is not a voice on them', world: { hypotheses: six(), evidence: evidence(10) }, errors: [error('tooFew', { customers: 0, min: 10 }, `${I} stage`, 'pdx evidence add --initiative quotes')] },
    ],
  },
  'feedback-group': {
    valid: [{ name: '10 participants', world: { initiative: { feedbackGroup: participants(10) } }, message: 'feedback group has 10 of 10 participants' }],
    invalid: [
      { name: '9 participants', world: { initiative: { feedbackGroup: participants(9) } }, errors: [error('tooFew', { size: 9, min: 10 }, `${I} feedbackGroup`, 'pdx feedback-group add quotes P-…')] },
      { name: 'joined after as-of does not count', world: { initiative: { feedbackGroup: [...participants(9), { id: 'late', joined: '2026-12-01' }] } }, errors: [error('tooFew', { size: 9, min: 10 }, `${I} feedbackGroup`, 'pdx feedback-group add quotes P-…')] },
    ],
  },
  'prototype-validated': {
    valid: [
      { name: 'one validated prototype', world: { experiments: experiments(1, 'prototype') }, message: '1 of 1 prototype experiments concluded validated' },
      { name: 'technical risk with a validated spike', world: { initiative: { risk: 'technical' }, experiments: experiments(1, 'technical-spike') }, message: '1 of 1 technical-spike experiments concluded validated' },
    ],
    invalid: [
      { name: 'only invalidated prototypes', world: { experiments: experiments(2, 'prototype', 'invalidated') }, errors: [error('tooFew', { validated: 0, min: 1, type: 'prototype' }, `${I} stage`, 'pdx experiment add --initiative quotes --type prototype')] },
      { name: 'technical risk counts spikes, not prototypes', world: { initiative: { risk: 'technical' }, experiments: experiments(1, 'prototype') }, errors: [error('tooFew', { validated: 0, min: 1, type: 'technical-spike' }, `${I} stage`, 'pdx experiment add --initiative quotes --type technical-spike')] },
      {
        name: 'concluded after as-of: still open then, so concluding it is what comes next',
        world: { experiments: experiments(1, 'prototype', 'validated', { concluded: '2026-12-01' }) },
        errors: [error('notConcluded', { validated: 0, min: 1, type: 'prototype', experiment: 'x-prototype-0' }, 'discovery/experiments/quotes/x-prototype-0.yaml status', 'pdx experiment conclude x-prototype-0')],
      },
    ],
  },
  'prototype-iterations': {
    valid: [
      { name: '3 iterations, any result', world: { experiments: [...experiments(2, 'prototype', 'invalidated'), ...experiments(1, 'prototype', 'inconclusive', { id: 'third' })] }, message: '3 of 3 prototype iterations concluded' },
      { name: 'technical risk: 3 spikes', world: { initiative: { risk: 'technical' }, experiments: experiments(3, 'technical-spike', 'inconclusive') }, message: '3 of 3 technical-spike iterations concluded' },
    ],
    invalid: [
      {
        name: '2 iterations and one running',
        world: { experiments: [...experiments(2, 'prototype', 'inconclusive'), ...experiments(1, 'prototype', undefined, { id: 'running', status: 'running', concluded: undefined, result: undefined, learning: undefined })] },
        errors: [error('notConcluded', { concluded: 2, min: 3, type: 'prototype', experiment: 'running' }, 'discovery/experiments/quotes/running.yaml status', 'pdx experiment conclude running')],
      },
      {
        name: '2 iterations, none open',
        world: { experiments: experiments(2, 'prototype', 'inconclusive') },
        errors: [error('tooFew', { concluded: 2, min: 3, type: 'prototype' }, `${I} stage`, 'pdx experiment add --initiative quotes --type prototype')],
      },
    ],
  },
  'feedback-circle': {
    valid: [{ name: '30 participants', world: { initiative: { feedbackGroup: participants(30) } }, message: 'feedback group has 30 of 30 participants' }],
    invalid: [{ name: '29 participants', world: { initiative: { feedbackGroup: participants(29) } }, errors: [error('tooFew', { size: 29, min: 30 }, `${I} feedbackGroup`, 'pdx feedback-group add quotes P-…')] }],
  },
  'design-validated': {
    valid: [{ name: 'usability validated', world: { experiments: experiments(1, 'usability') }, message: '1 of 1 usability experiments concluded validated' }],
    invalid: [
      { name: 'usability inconclusive', world: { experiments: experiments(1, 'usability', 'inconclusive') }, errors: [error('tooFew', { validated: 0, min: 1 }, `${I} stage`, 'pdx experiment add --initiative quotes --type usability')] },
      {
        name: 'a planned usability test is the one to conclude',
        world: { experiments: experiments(1, 'usability', undefined, { id: 'card-sort', status: 'planned', started: undefined, concluded: undefined, result: undefined, learning: undefined }) },
        errors: [error('notConcluded', { validated: 0, min: 1, experiment: 'card-sort' }, 'discovery/experiments/quotes/card-sort.yaml status', 'pdx experiment conclude card-sort')],
      },
    ],
  },
  released: {
    valid: [{ name: 'released today', world: { initiative: { releasedOn: AS_OF } }, message: `released on ${AS_OF}` }],
    invalid: [
      { name: 'no release date', world: {}, errors: [error('missing', {}, `${I} releasedOn`, `pdx initiative update quotes --released-on ${AS_OF}`)] },
      { name: 'released tomorrow', world: { initiative: { releasedOn: '2026-11-25' } }, errors: [error('planned', { date: '2026-11-25', asOf: AS_OF }, `${I} releasedOn`, `pdx initiative update quotes --released-on ${AS_OF}`)] },
    ],
  },
  'paying-customers': {
    valid: [
      { name: '3 customers paying 30 days', world: { initiative: { customers: customers(3, '2026-10-25') } }, message: '3 of 3 customers have paid for 30 days or more without churning' },
      { name: 'churned after as-of still counts', world: { initiative: { customers: customers(3, '2026-09-01', '2026-12-15') } }, message: '3 of 3 customers have paid for 30 days or more without churning' },
    ],
    invalid: [
      { name: '3 customers paying 29 days', world: { initiative: { customers: customers(3, '2026-10-26') } }, errors: [error('tooFew', { paying: 0, min: 3, minDays: 30 }, `${I} customers`, 'pdx customer add quotes C-…')] },
      { name: 'one churned', world: { initiative: { customers: [...customers(2, '2026-09-01'), { id: 'X', payingSince: '2026-09-01', churnedOn: '2026-11-01' }] } }, errors: [error('tooFew', { paying: 2, min: 3, minDays: 30 }, `${I} customers`, 'pdx customer add quotes C-…')] },
    ],
  },
  'pricing-validated': {
    valid: [{ name: 'pricing validated', world: { hypotheses: six() }, message: 'pricing hypothesis quotes-pricing is validated' }],
    invalid: [
      { name: 'pricing testing', world: { hypotheses: six({ pricing: { status: 'testing' } }) }, errors: [error('notValidated', { hypothesis: 'quotes-pricing', status: 'testing' }, `${H('quotes-pricing')} status`, 'pdx hypothesis status quotes-pricing validated')] },
      { name: 'no pricing hypothesis', world: { hypotheses: six().filter((h) => h.kind !== 'pricing') }, errors: [error('noPricing', {}, `${I} stage`, 'pdx hypothesis add --initiative quotes --kind pricing')] },
    ],
  },
};

const valid = Object.entries(tests).flatMap(([id, t]) => t.valid.map((c) => ({ rule: id, ...c })));
const invalid = Object.entries(tests).flatMap(([id, t]) => t.invalid.map((c) => ({ rule: id, ...c })));

describe('gate rules', () => {
  it('covers every rule of the contract, with a passing and a failing case each', () => {
    expect(RULES.map((r) => r.meta.id)).toEqual(['ideas', 'immersion', 'handoff-before-features', 'epiphany', 'six-hypotheses', 'ten-x', 'core-team', 'claims-tested', 'status-matches-evidence', 'strong-evidence', 'customer-voices', 'feedback-group', 'prototype-validated', 'prototype-iterations', 'feedback-circle', 'design-validated', 'released', 'paying-customers', 'pricing-validated']);
    expect(Object.keys(tests)).toEqual(RULES.map((r) => r.meta.id));
    for (const [id, t] of Object.entries(tests)) {
      expect(t.valid.length, id).toBeGreaterThan(0);
      expect(t.invalid.length, id).toBeGreaterThan(0);
    }
  });

  it.each(valid)('$rule passes: $name', ({ rule: id, world, message }) => {
    const result = run(id, world);
    expect(result.findings.map((f) => `${f.messageId} at ${where(f.at)}: ${f.message}`)).toEqual([]);
    expect(result).toMatchObject({ pass: true, message });
    expect(where(result.at)).toBe(`${I} stage`);
  });

  it.each(invalid)('$rule fails: $name', ({ rule: id, world, errors }) => {
    const result = run(id, world);
    expect(result.pass).toBe(false);
    expect(result.findings.map((f) => ({ messageId: f.messageId, data: f.data, at: where(f.at), fix: f.fix }))).toEqual(errors);
    expect(result.message).toBe(result.findings.map((f) => f.message).join('; '));
    expect(result.at).toBe(result.findings[0]!.at);
  });

  it('every failing message has a fix: a pdx command, its ids filled in', () => {
    for (const r of RULES) {
      const failing = Object.keys(r.meta.messages).filter((m) => m !== 'pass');
      expect(Object.keys(r.meta.fix).sort(), r.meta.id).toEqual(failing.sort());
      for (const m of failing) expect((r.meta.fix as Record<string, string>)[m], `${r.meta.id}/${m}`).toMatch(/^pdx [a-z-]+( [a-z-]+)? /);
    }
    for (const { rule: id, errors } of invalid) for (const e of errors) expect(e.fix, `${id}/${e.messageId}`).not.toMatch(/\{\{|\}\}/);
  });

  it('each finding fills exactly the placeholders of its message and its fix (the initiative and the day come from the engine), and every declared message is used by some case', () => {
    const used = new Set<string>();
    for (const { rule: id, errors } of invalid) {
      for (const e of errors) {
        const template = rule(id).meta.messages[e.messageId];
        const fix = (rule(id).meta.fix as Record<string, string>)[e.messageId];
        expect(template, `${id}/${e.messageId}`).toBeDefined();
        const wanted = new Set([...placeholders(template!), ...placeholders(fix!).filter((p) => p !== 'initiative' && p !== 'asOf')]);
        expect(Object.keys(e.data).sort(), `${id}/${e.messageId}`).toEqual([...wanted].sort());
        used.add(`${id}/${e.messageId}`);
      }
    }
    for (const { rule: id } of valid) used.add(`${id}/pass`);
    expect(RULES.flatMap((r) => Object.keys(r.meta.messages).map((m) => `${r.meta.id}/${m}`)).filter((m) => !used.has(m))).toEqual([]);
  });

  it('a message id a rule does not declare, a placeholder without data, or a finding without its field is an error at evaluation', () => {
    const world = records({});
    const ctx = { initiative: world.initiative[0]!, stage: world.initiative[0]!.data.stage, records: world, domainExperiments: [], asOf: AS_OF };
    const at = { record: ctx.initiative, path: ['stage'] };
    const fake = (check: Rule['check'], fix: Record<string, string> = { bad: 'pdx idea add {{initiative}} --text {{text}}' }) =>
      defineRule({ meta: { id: 'fake', gate: 'epiphany', description: 'd', ...noOptions, messages: { pass: 'ok {{n}}', bad: '{{count}} of {{total}}' }, fix: fix as { bad: string } }, check }) as Rule;
    expect(() => evaluateRule(fake((c) => (c.report({ messageId: 'nope', at }), {})), ctx, {})).toThrow(/fake reported message id `nope`, which its meta.messages does not declare \(declared: pass, bad\)/);
    expect(() => evaluateRule(fake((c) => (c.report({ messageId: 'bad', data: { count: 1 }, at }), {})), ctx, {})).toThrow(/message `bad` needs data for \{\{total\}\}/);
    expect(() => evaluateRule(fake((c) => (c.report({ messageId: 'bad', data: { count: 1, total: 2 } } as never), {})), ctx, {})).toThrow(/without the record and field/);
    expect(() => evaluateRule(fake(() => ({})), ctx, {})).toThrow(/message `pass` needs data for \{\{n\}\}/);
    expect(() => evaluateRule(fake((c) => (c.report({ messageId: 'pass' as never, at }), { n: 1 })), ctx, {})).toThrow(/its `pass` message as a finding/);
    expect(() => evaluateRule(fake((c) => (c.report({ messageId: 'bad', data: { count: 1, total: 2, text: 't' }, at }), {}), {}), ctx, {})).toThrow(/fake: message `bad` has no fix in meta.fix/);
    expect(() => evaluateRule(fake((c) => (c.report({ messageId: 'bad', data: { count: 1, total: 2 }, at }), {})), ctx, {})).toThrow(/the fix of `bad` needs data for \{\{text\}\}/);
    expect(evaluateRule(fake((c) => (c.report({ messageId: 'bad', data: { count: 1, total: 2, text: 't' }, at }), {})), ctx, {})).toMatchObject({ pass: false, message: '1 of 2', findings: [{ messageId: 'bad', message: '1 of 2', fix: 'pdx idea add quotes --text t' }] });
    // Values are shell words: the printed command runs as it is, whatever the repo's text.
    expect(evaluateRule(fake((c) => (c.report({ messageId: 'bad', data: { count: 1, total: 2, text: "it's $HOME; rm -rf" }, at }), {})), ctx, {}).findings[0]!.fix).toBe("pdx idea add quotes --text 'it'\\''s $HOME; rm -rf'");
  });

  it('a failing rule says each finding in a sentence, joined in its message', () => {
    const result = run('claims-tested', invalid.find((c) => c.name === 'each problem its own finding, at its own record')!.world);
    expect(result.findings.map((f) => f.message)).toEqual([
      '2 of 3 claims of quotes-market have no supporting or refuting evidence yet (c2, c3)',
      '1 of 1 claims of quotes-pricing have no supporting or refuting evidence yet (c1)',
      'quotes-customer is draft, not validated yet',
      '5 of 6 kinds have a current hypothesis',
    ]);
    expect(run('core-team', { initiative: { team: [] } }).message).toBe('the team has no product-manager; the team has no designer; the team has no engineering-lead');
  });

  it('thresholds come from options', () => {
    expect(run('feedback-group', { initiative: { feedbackGroup: participants(7) } }, { min: 7 })).toMatchObject({ pass: true, message: 'feedback group has 7 of 7 participants' });
    expect(run('paying-customers', { initiative: { customers: customers(1, '2026-11-20') } }, { min: 1, minDays: 4 })).toMatchObject({ pass: true });
    expect(run('paying-customers', { initiative: { customers: customers(1, '2026-11-21') } }, { min: 1, minDays: 4 }).findings).toMatchObject([{ messageId: 'tooFew', data: { paying: 0, min: 1, minDays: 4 } }]);
    const observed: World = { hypotheses: [{ kind: 'market' }], evidence: [{ id: 'e1', source: 'observation', hypothesis: 'quotes-market', claim: 'c1', verdict: 'supports' }, { id: 'e2', source: 'research', hypothesis: 'quotes-market', claim: 'c1', verdict: 'supports' }] };
    expect(run('strong-evidence', observed)).toMatchObject({ pass: true });
    expect(run('strong-evidence', observed, { min: 2 }).findings).toMatchObject([{ messageId: 'weak', data: { count: 1, needed: '2 strong records' } }]);
    expect(run('strong-evidence', observed, { min: 2, strength: { research: 'strong' } })).toMatchObject({ pass: true, message: 'all 1 claims have at least 2 strong records: what customers did, not only said' });
    expect(run('strong-evidence', observed, { strength: { observation: 'weak' } }).findings).toMatchObject([{ messageId: 'weak' }]);
  });
});

describe('the gate engine', () => {
  const ready: World = { initiative: { ideas: [{ text: 'a' }, { text: 'b' }, { text: 'c' }], epiphany: 'e' }, evidence: evidence(5) };

  it('is cumulative: the hypothesis gate also runs the epiphany gate', () => {
    const result = evaluateGate(records({ initiative: { epiphany: 'e' } }), 'quotes', 'hypothesis', AS_OF, new Map());
    expect(result.rules.map((r) => `${r.gate}/${r.id}:${r.pass}`)).toEqual(['epiphany/ideas:false', 'epiphany/immersion:false', 'epiphany/handoff-before-features:true', 'hypothesis/epiphany:true']);
    expect(result.pass).toBe(false);
    expect(evaluateGate(records(ready), 'quotes', 'hypothesis', AS_OF, new Map()).pass).toBe(true);
  });

  it("gives each rule's findings with their sentences, its message, and where: the first finding, or the stage when it passes", () => {
    const result = evaluateGate(records({ initiative: { epiphany: 'e', team: [{ name: 'a', role: 'designer' }] } }), 'quotes', 'validation', AS_OF, new Map());
    const coreTeam = result.rules.find((r) => r.id === 'core-team')!;
    expect(coreTeam).toMatchObject({ pass: false, message: 'the team has no product-manager; the team has no engineering-lead' });
    expect(coreTeam.findings.map((f) => [f.messageId, f.data, f.message, where(f.at)])).toEqual([
      ['missingRole', { role: 'product-manager' }, 'the team has no product-manager', `${I} team`],
      ['missingRole', { role: 'engineering-lead' }, 'the team has no engineering-lead', `${I} team`],
    ]);
    expect(coreTeam.at).toBe(coreTeam.findings[0]!.at);
    const epiphany = result.rules.find((r) => r.id === 'epiphany')!;
    expect(epiphany).toMatchObject({ pass: true, findings: [], message: 'epiphany statement recorded' });
    expect(where(epiphany.at)).toBe(`${I} stage`);
  });

  it('handoff-before-features runs in every gate as a warning by default (the gate still passes), and config can make it fail', () => {
    const early = records({ ...ready, initiative: { ...ready.initiative, domain: 'onboarding' }, domains: [{}], okrs: [{ id: 'onboarding-q4' }] });
    for (const target of ['epiphany', 'hypothesis', 'release', 'mvp'] as const) {
      const rule = evaluateGate(early, 'quotes', target, AS_OF, new Map()).rules.find((r) => r.id === 'handoff-before-features');
      expect(rule, target).toMatchObject({ pass: false, severity: 'warn' });
    }
    expect(evaluateGate(early, 'quotes', 'epiphany', AS_OF, new Map()).pass).toBe(true);
    const strict = ruleSettings({ version: 1, name: 'n', rules: { 'handoff-before-features': { severity: 'error' } } });
    expect(evaluateGate(early, 'quotes', 'epiphany', AS_OF, strict).pass).toBe(false);
  });

  it('handoff-before-features says what the domain runs, and why it must wait: not handed off at mvp, still in discovery before', () => {
    const world = (stage: Initiative['stage']) => ({ initiative: { stage }, domains: [{}], okrs: [{ id: 'onboarding-q4', product: 'quotes' }], domainExperiments: [{ id: 'ab-1', domain: 'onboarding', type: 'ab-test' as const, product: 'quotes' }] });
    expect(run('handoff-before-features', world('mvp')).findings.map((f) => f.message)).toEqual([
      "domain onboarding already runs experiment ab-1 for it, but it is not handed off yet: don't start product management before discovery is nailed",
      "domain onboarding already has OKR onboarding-q4 for it, but it is not handed off yet: don't start product management before discovery is nailed",
    ]);
    expect(run('handoff-before-features', world('immersion')).findings.map((f) => f.message)).toEqual([
      "domain onboarding already runs experiment ab-1 for it, but it is still in immersion: don't start product management before discovery is nailed",
      "domain onboarding already has OKR onboarding-q4 for it, but it is still in immersion: don't start product management before discovery is nailed",
    ]);
  });

  it('turns feedback-circle off for technical risk by default, and config can turn it back on', () => {
    const technical = records({ initiative: { risk: 'technical' } });
    expect(evaluateGate(technical, 'quotes', 'release', AS_OF, new Map()).rules.map((r) => r.id)).not.toContain('feedback-circle');
    const settings = ruleSettings({ version: 1, name: 'n', rules: { 'feedback-circle': { severity: 'error' } } });
    expect(evaluateGate(technical, 'quotes', 'release', AS_OF, settings).rules.map((r) => r.id)).toContain('feedback-circle');
  });

  it('a rule set to warn or off no longer fails the gate; a lower threshold can make it pass', () => {
    const world = records({ ...ready, evidence: evidence(4) });
    expect(evaluateGate(world, 'quotes', 'epiphany', AS_OF, new Map()).pass).toBe(false);
    const warn = evaluateGate(world, 'quotes', 'epiphany', AS_OF, ruleSettings({ version: 1, name: 'n', rules: { immersion: { severity: 'warn' } } }));
    expect(warn.pass).toBe(true);
    expect(warn.rules.find((r) => r.id === 'immersion')).toMatchObject({ pass: false, severity: 'warn' });
    expect(evaluateGate(world, 'quotes', 'epiphany', AS_OF, ruleSettings({ version: 1, name: 'n', rules: { immersion: { severity: 'off' } } })).rules.map((r) => r.id)).toEqual(['ideas', 'handoff-before-features']);
    expect(evaluateGate(world, 'quotes', 'epiphany', AS_OF, ruleSettings({ version: 1, name: 'n', rules: { immersion: { min: 4 } } })).pass).toBe(true);
  });

  it('status-matches-evidence warns from the validation gate and fails from prototyping; config sets its severity there, and off turns it off everywhere', () => {
    const contradicted = records({ hypotheses: [{ kind: 'pricing' }], evidence: [on('pricing', 'c1', 'refutes')] });
    const verdict = (target: 'hypothesis' | 'validation' | 'prototyping' | 'mvp', settings = new Map()) =>
      evaluateGate(contradicted, 'quotes', target, AS_OF, settings).rules.filter((r) => r.id === 'status-matches-evidence').map((r) => `${r.gate}/${r.severity}/${r.pass}`);
    expect(verdict('hypothesis')).toEqual([]);
    expect(verdict('validation')).toEqual(['prototyping/warn/false']);
    expect(verdict('prototyping')).toEqual(['prototyping/error/false']);
    expect(verdict('mvp')).toEqual(['prototyping/error/false']);
    const warn = ruleSettings({ version: 1, name: 'n', rules: { 'status-matches-evidence': { severity: 'warn' } } });
    expect(verdict('prototyping', warn)).toEqual(['prototyping/warn/false']);
    const error = ruleSettings({ version: 1, name: 'n', rules: { 'status-matches-evidence': { severity: 'error' } } });
    expect(verdict('validation', error)).toEqual(['prototyping/warn/false']);
    const off = ruleSettings({ version: 1, name: 'n', rules: { 'status-matches-evidence': { severity: 'off' } } });
    expect([...verdict('validation', off), ...verdict('prototyping', off)]).toEqual([]);
    // A warning does not fail the gate it is shown in.
    const validation = evaluateGate(contradicted, 'quotes', 'validation', AS_OF, new Map());
    expect(validation.rules.filter((r) => !r.pass && r.severity === 'error').map((r) => r.id)).not.toContain('status-matches-evidence');
  });

  it("each rule's defaults are exactly what its options schema gives for no options", () => {
    for (const rule of RULES) expect(rule.meta.options(z).parse({}), rule.meta.id).toEqual(rule.meta.defaults);
  });
});
