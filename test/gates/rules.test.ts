import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ruleSettings as readSettings } from '../../src/engine/config.js';
import { evaluateGate } from '../../src/gates/engine.js';
import type { Config } from '../../src/model/config.js';
import { validateRecord } from '../../src/model/describe.js';
import { asOfSnapshot } from '../../src/model/records.js';
import type { Rule } from '../../src/gates/rule.js';
import { RULES } from '../../src/gates/rules/index.js';
import type { Evidence } from '../../src/model/evidence.js';
import type { Experiment } from '../../src/model/experiment.js';
import type { Hypothesis } from '../../src/model/hypothesis.js';
import type { Initiative } from '../../src/model/initiative.js';
import { emptyRecords, type LoadedRecord, type Records } from '../../src/model/records.js';
import { HYPOTHESIS_KINDS } from '../../src/model/vocabulary.js';

const ruleSettings = (config: Config) => readSettings(config, { zod: z, validate: validateRecord }).settings;

const AS_OF = '2026-11-24';

function initiative(fields: Partial<Initiative> = {}): Initiative {
  return { id: 'q', title: 'Q', risk: 'market', stage: 'immersion', history: [], team: [], ideas: [], feedbackGroup: [], customers: [], ...fields };
}
function hypothesis(kind: Hypothesis['kind'], fields: Record<string, unknown> = {}): Hypothesis {
  return { id: `q-${kind}`, initiative: 'q', kind, statement: 's', status: 'validated', claims: [{ id: 'c1', text: 't' }], ...fields } as Hypothesis;
}
function evidence(n: number, fields: Partial<Evidence> = {}): Evidence[] {
  return Array.from({ length: n }, (_, i) => ({ id: `e${i}`, initiative: 'q', date: '2026-09-01', source: 'interview', customer: `C-${i}`, note: 'n', ...fields }) as Evidence);
}
function experiments(n: number, type: Experiment['type'], result: Experiment['result'] = 'validated', fields: Partial<Experiment> = {}): Experiment[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `x-${type}-${i}`, initiative: 'q', type, hypotheses: [], testCard: { believe: 'b', verify: 'v', measure: 'm', rightIf: 'r' },
    status: 'concluded', started: '2026-10-01', concluded: '2026-10-05', result, learning: { observed: 'o', learned: 'l', next: 'n' }, ...fields,
  }) as Experiment);
}
const participants = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `P-${i}`, joined: '2026-09-01' }));
const customers = (n: number, payingSince = '2026-10-01', churnedOn?: string) => Array.from({ length: n }, (_, i) => ({ id: `C-${i}`, payingSince, ...(churnedOn ? { churnedOn } : {}) }));
const six = (fields: Partial<Record<Hypothesis['kind'], Record<string, unknown>>> = {}) => HYPOTHESIS_KINDS.map((k) => hypothesis(k, { ...(k === 'product' ? { improvementFactor: 12 } : {}), ...fields[k] }));
/** Evidence with a verdict on every claim of the six hypotheses, from `customers` distinct customers. */
const allClaimsTested = (customerCount = 10) => HYPOTHESIS_KINDS.map((k, i) => ({ id: `v${i}`, initiative: 'q', date: '2026-09-01', source: 'interview', customer: `C-${i % customerCount}`, note: 'n', hypothesis: `q-${k}`, claim: 'c1', verdict: 'supports' }) as Evidence).concat(
  Array.from({ length: Math.max(0, customerCount - 6) }, (_, i) => ({ id: `w${i}`, initiative: 'q', date: '2026-09-01', source: 'interview', customer: `C-${6 + i}`, note: 'n', hypothesis: 'q-customer', claim: 'c1', verdict: 'neutral' }) as Evidence),
);

interface World {
  initiative?: Partial<Initiative>;
  hypotheses?: Hypothesis[];
  evidence?: Evidence[];
  experiments?: Experiment[];
}

function records(world: World): Records {
  const r = emptyRecords();
  r.initiative.push({ kind: 'initiative', file: 'discovery/initiatives/q.yaml', data: initiative(world.initiative) });
  r.hypothesis.push(...(world.hypotheses ?? []).map((data) => ({ kind: 'hypothesis' as const, file: `discovery/hypotheses/${data.id}.yaml`, data })));
  r.evidence.push(...(world.evidence ?? []).map((data) => ({ kind: 'evidence' as const, file: `discovery/evidence/${data.id}.yaml`, data })));
  r.experiment.push(...(world.experiments ?? []).map((data) => ({ kind: 'experiment' as const, file: `discovery/experiments/${data.id}.yaml`, data })));
  return r;
}

function check(rule: Rule, world: World, options: Record<string, unknown> = {}) {
  const snapshot = asOfSnapshot(records(world), AS_OF);
  return rule.check({ initiative: snapshot.initiative[0] as LoadedRecord<'initiative'>, records: snapshot, asOf: AS_OF }, rule.meta.options(z).parse(options) as Record<string, unknown>);
}

const rule = (id: string) => RULES.find((r) => r.meta.id === id)!;

interface Case {
  rule: string;
  name: string;
  world: World;
  pass: boolean;
  message: string | RegExp;
  at?: string;
}

const cases: Case[] = [
  { rule: 'ideas', name: '2 ideas', world: { initiative: { ideas: [{ text: 'a' }, { text: 'b' }] } }, pass: false, message: '2 ideas recorded, of 3 needed', at: 'discovery/initiatives/q.yaml ideas' },
  { rule: 'ideas', name: '3 ideas', world: { initiative: { ideas: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] } }, pass: true, message: '3 ideas recorded, of 3 needed' },
  { rule: 'ideas', name: 'an idea dated after as-of does not count', world: { initiative: { ideas: [{ text: 'a' }, { text: 'b' }, { text: 'c', date: '2026-12-01' }] } }, pass: false, message: /^2 ideas/ },
  { rule: 'immersion', name: '4 evidence records', world: { evidence: evidence(4) }, pass: false, message: '4 evidence records logged, of 5 needed', at: 'discovery/initiatives/q.yaml stage' },
  { rule: 'immersion', name: '5 evidence records', world: { evidence: evidence(5) }, pass: true, message: /^5 evidence/ },
  { rule: 'immersion', name: 'evidence of another initiative does not count', world: { evidence: [...evidence(4), ...evidence(1, { id: 'other', initiative: 'other' })] }, pass: false, message: /^4 evidence/ },
  { rule: 'epiphany', name: 'no epiphany', world: {}, pass: false, message: /no epiphany statement/ },
  { rule: 'epiphany', name: 'an epiphany', world: { initiative: { epiphany: 'Cash flow decides' } }, pass: true, message: 'epiphany statement recorded' },
  { rule: 'six-hypotheses', name: 'five kinds', world: { hypotheses: six().filter((h) => h.kind !== 'competitor') }, pass: false, message: '5 of 6 hypotheses written; missing: competitor' },
  { rule: 'six-hypotheses', name: 'the only pricing one invalidated', world: { hypotheses: six({ pricing: { status: 'invalidated' } }) }, pass: false, message: /missing: pricing/ },
  { rule: 'six-hypotheses', name: 'a superseded one replaced by its successor', world: { hypotheses: [...six({ pricing: { id: 'q-pricing-2', supersedes: 'q-pricing-0' } }), hypothesis('pricing', { id: 'q-pricing-0' })] }, pass: true, message: 'all six hypotheses written' },
  { rule: 'ten-x', name: '9.9X', world: { hypotheses: six({ product: { improvementFactor: 9.9 } }) }, pass: false, message: "the product is 9.9X better than today's solution, short of the 10X bar", at: 'discovery/hypotheses/q-product.yaml improvementFactor' },
  { rule: 'ten-x', name: '10X', world: { hypotheses: six({ product: { improvementFactor: 10 } }) }, pass: true, message: /meeting the 10X bar/ },
  { rule: 'ten-x', name: 'no factor', world: { hypotheses: six({ product: { improvementFactor: undefined } }) }, pass: false, message: 'the product hypothesis q-product has no improvementFactor' },
  { rule: 'core-team', name: 'no designer', world: { initiative: { team: [{ name: 'a', role: 'product-manager' }, { name: 'b', role: 'engineering-lead' }] } }, pass: false, message: 'the team has no designer', at: 'discovery/initiatives/q.yaml team' },
  { rule: 'core-team', name: 'all three', world: { initiative: { team: [{ name: 'a', role: 'product-manager' }, { name: 'b', role: 'engineering-lead' }, { name: 'c', role: 'designer' }] } }, pass: true, message: 'core team complete' },
  { rule: 'claims-tested', name: 'every claim tested, all validated', world: { hypotheses: six(), evidence: allClaimsTested() }, pass: true, message: 'all 6 claims tested and all six hypotheses validated' },
  { rule: 'claims-tested', name: 'one claim untested', world: { hypotheses: six(), evidence: allClaimsTested().filter((e) => e.hypothesis !== 'q-market') }, pass: false, message: /^1 of 6 claims have no evidence yet \(q-market#c1\)/ },
  { rule: 'claims-tested', name: 'one hypothesis still testing', world: { hypotheses: six({ competitor: { status: 'testing' } }), evidence: allClaimsTested() }, pass: false, message: 'not validated yet: q-competitor' },
  { rule: 'customer-voices', name: '9 customers', world: { hypotheses: six(), evidence: allClaimsTested(9) }, pass: false, message: 'evidence on the hypotheses comes from 9 of 10 distinct customers' },
  { rule: 'customer-voices', name: '10 customers', world: { hypotheses: six(), evidence: allClaimsTested(10) }, pass: true, message: /10 of 10/ },
  { rule: 'feedback-group', name: '9 participants', world: { initiative: { feedbackGroup: participants(9) } }, pass: false, message: 'feedback group has 9 of 10 participants', at: 'discovery/initiatives/q.yaml feedbackGroup' },
  { rule: 'feedback-group', name: '10 participants', world: { initiative: { feedbackGroup: participants(10) } }, pass: true, message: 'feedback group has 10 of 10 participants' },
  { rule: 'prototype-validated', name: 'only invalidated prototypes', world: { experiments: experiments(2, 'prototype', 'invalidated') }, pass: false, message: '0 of 1 prototype experiments concluded validated' },
  { rule: 'prototype-validated', name: 'one validated prototype', world: { experiments: experiments(1, 'prototype') }, pass: true, message: '1 of 1 prototype experiments concluded validated' },
  { rule: 'prototype-validated', name: 'technical risk counts spikes, not prototypes', world: { initiative: { risk: 'technical' }, experiments: experiments(1, 'prototype') }, pass: false, message: '0 of 1 technical-spike experiments concluded validated' },
  { rule: 'prototype-validated', name: 'technical risk with a validated spike', world: { initiative: { risk: 'technical' }, experiments: experiments(1, 'technical-spike') }, pass: true, message: /1 of 1 technical-spike/ },
  { rule: 'prototype-validated', name: 'concluded after as-of does not count', world: { experiments: experiments(1, 'prototype', 'validated', { concluded: '2026-12-01' }) }, pass: false, message: /^0 of 1/ },
  { rule: 'prototype-iterations', name: '2 iterations', world: { experiments: [...experiments(2, 'prototype', 'inconclusive'), ...experiments(1, 'prototype', undefined, { id: 'running', status: 'running', concluded: undefined, result: undefined })] }, pass: false, message: '2 of 3 prototype iterations concluded' },
  { rule: 'prototype-iterations', name: '3 iterations, any result', world: { experiments: [...experiments(2, 'prototype', 'invalidated'), ...experiments(1, 'prototype', 'inconclusive', { id: 'third' })] }, pass: true, message: '3 of 3 prototype iterations concluded' },
  { rule: 'prototype-iterations', name: 'technical risk: 3 spikes', world: { initiative: { risk: 'technical' }, experiments: experiments(3, 'technical-spike', 'inconclusive') }, pass: true, message: '3 of 3 technical-spike iterations concluded' },
  { rule: 'feedback-circle', name: '29 participants', world: { initiative: { feedbackGroup: participants(29) } }, pass: false, message: 'feedback group has 29 of 30 participants' },
  { rule: 'feedback-circle', name: '30 participants', world: { initiative: { feedbackGroup: participants(30) } }, pass: true, message: 'feedback group has 30 of 30 participants' },
  { rule: 'design-validated', name: 'usability inconclusive', world: { experiments: experiments(1, 'usability', 'inconclusive') }, pass: false, message: '0 of 1 usability experiments concluded validated' },
  { rule: 'design-validated', name: 'usability validated', world: { experiments: experiments(1, 'usability') }, pass: true, message: '1 of 1 usability experiments concluded validated' },
  { rule: 'released', name: 'no release date', world: {}, pass: false, message: /no initial release date/ },
  { rule: 'released', name: 'released tomorrow', world: { initiative: { releasedOn: '2026-11-25' } }, pass: false, message: 'release is planned for 2026-11-25, after 2026-11-24', at: 'discovery/initiatives/q.yaml releasedOn' },
  { rule: 'released', name: 'released today', world: { initiative: { releasedOn: AS_OF } }, pass: true, message: `released on ${AS_OF}` },
  { rule: 'paying-customers', name: '3 customers paying 29 days', world: { initiative: { customers: customers(3, '2026-10-26') } }, pass: false, message: '0 of 3 customers have paid for 30 days or more without churning' },
  { rule: 'paying-customers', name: '3 customers paying 30 days', world: { initiative: { customers: customers(3, '2026-10-25') } }, pass: true, message: '3 of 3 customers have paid for 30 days or more without churning' },
  { rule: 'paying-customers', name: 'one churned', world: { initiative: { customers: [...customers(2, '2026-09-01'), { id: 'X', payingSince: '2026-09-01', churnedOn: '2026-11-01' }] } }, pass: false, message: /^2 of 3/ },
  { rule: 'paying-customers', name: 'churned after as-of still counts', world: { initiative: { customers: customers(3, '2026-09-01', '2026-12-15') } }, pass: true, message: /^3 of 3/ },
  { rule: 'pricing-validated', name: 'pricing testing', world: { hypotheses: six({ pricing: { status: 'testing' } }) }, pass: false, message: 'pricing hypothesis q-pricing is testing', at: 'discovery/hypotheses/q-pricing.yaml status' },
  { rule: 'pricing-validated', name: 'pricing validated', world: { hypotheses: six() }, pass: true, message: 'pricing hypothesis q-pricing is validated' },
];

describe('gate rules', () => {
  it('covers every rule of the contract, with a passing and a failing case each', () => {
    expect(RULES.map((r) => r.meta.id)).toEqual(['ideas', 'immersion', 'epiphany', 'six-hypotheses', 'ten-x', 'core-team', 'claims-tested', 'customer-voices', 'feedback-group', 'prototype-validated', 'prototype-iterations', 'feedback-circle', 'design-validated', 'released', 'paying-customers', 'pricing-validated']);
    for (const r of RULES) {
      expect(cases.some((c) => c.rule === r.meta.id && c.pass), r.meta.id).toBe(true);
      expect(cases.some((c) => c.rule === r.meta.id && !c.pass), r.meta.id).toBe(true);
    }
  });

  it.each(cases)('$rule: $name → $pass', ({ rule: id, world, pass, message, at }) => {
    const outcome = check(rule(id), world);
    expect(outcome.pass).toBe(pass);
    if (typeof message === 'string') expect(outcome.message).toBe(message);
    else expect(outcome.message).toMatch(message);
    if (at) expect(`${(outcome.at ?? { record: { file: 'discovery/initiatives/q.yaml' }, path: ['stage'] }).record.file} ${(outcome.at?.path ?? ['stage']).join('.')}`).toBe(at);
  });

  it('thresholds come from options', () => {
    expect(check(rule('feedback-group'), { initiative: { feedbackGroup: participants(7) } }, { min: 7 })).toMatchObject({ pass: true, message: 'feedback group has 7 of 7 participants' });
    expect(check(rule('paying-customers'), { initiative: { customers: customers(1, '2026-11-20') } }, { min: 1, minDays: 4 })).toMatchObject({ pass: true });
  });
});

describe('the gate engine', () => {
  const ready = { initiative: { ideas: [{ text: 'a' }, { text: 'b' }, { text: 'c' }], epiphany: 'e' }, evidence: evidence(5) };

  it('is cumulative: the hypothesis gate also runs the epiphany gate', () => {
    const result = evaluateGate(records({ initiative: { epiphany: 'e' } }), 'q', 'hypothesis', AS_OF, new Map());
    expect(result.rules.map((r) => `${r.gate}/${r.id}:${r.pass}`)).toEqual(['epiphany/ideas:false', 'epiphany/immersion:false', 'hypothesis/epiphany:true']);
    expect(result.pass).toBe(false);
    expect(evaluateGate(records(ready), 'q', 'hypothesis', AS_OF, new Map()).pass).toBe(true);
  });

  it('turns feedback-circle off for technical risk by default, and config can turn it back on', () => {
    const technical = records({ initiative: { risk: 'technical' } });
    expect(evaluateGate(technical, 'q', 'release', AS_OF, new Map()).rules.map((r) => r.id)).not.toContain('feedback-circle');
    const settings = ruleSettings({ version: 1, name: 'n', rules: { 'feedback-circle': { severity: 'error' } } });
    expect(evaluateGate(technical, 'q', 'release', AS_OF, settings).rules.map((r) => r.id)).toContain('feedback-circle');
  });

  it('a rule set to warn or off no longer fails the gate; a lower threshold can make it pass', () => {
    const world = records({ ...ready, evidence: evidence(4) });
    expect(evaluateGate(world, 'q', 'epiphany', AS_OF, new Map()).pass).toBe(false);
    const warn = evaluateGate(world, 'q', 'epiphany', AS_OF, ruleSettings({ version: 1, name: 'n', rules: { immersion: { severity: 'warn' } } }));
    expect(warn.pass).toBe(true);
    expect(warn.rules.find((r) => r.id === 'immersion')).toMatchObject({ pass: false, severity: 'warn' });
    expect(evaluateGate(world, 'q', 'epiphany', AS_OF, ruleSettings({ version: 1, name: 'n', rules: { immersion: { severity: 'off' } } })).rules.map((r) => r.id)).toEqual(['ideas']);
    expect(evaluateGate(world, 'q', 'epiphany', AS_OF, ruleSettings({ version: 1, name: 'n', rules: { immersion: { min: 4 } } })).pass).toBe(true);
  });

  it("each rule's defaults are exactly what its options schema gives for no options", () => {
    for (const rule of RULES) expect(rule.meta.options(z).parse({}), rule.meta.id).toEqual(rule.meta.defaults);
  });
});
