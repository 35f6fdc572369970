import { describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/store/load.js';
import { BASE_FILES, VALID } from '../fixtures.js';
import { minimalRepo } from '../helpers.js';

const TODAY = '2026-11-24';

interface Case {
  name: string;
  files: Record<string, string>;
  code: string;
  at: string;
  says?: RegExp;
}

const I = 'discovery/initiatives/quotes.yaml';
const E = 'discovery/evidence/quotes/e1.yaml';
const X = 'discovery/experiments/quotes/x1.yaml';
const withHistory = (entries: string) => VALID.initiative.replace(/history:\n(?:  - .*\n)+/, `history:\n${entries}`);

const invalid: Case[] = [
  { name: 'hypothesis → unknown initiative', files: { 'discovery/hypotheses/quotes-product.yaml': VALID.hypothesis.replace('initiative: quotes', 'initiative: quote') }, code: 'ref/dangling', at: 'discovery/hypotheses/quotes-product.yaml:2:13', says: /did you mean `quotes`/ },
  { name: 'evidence → unknown claim', files: { [E]: VALID.evidence.replace('claim: c1', 'claim: c9') }, code: 'ref/dangling', at: `${E}:7:8`, says: /no claim `c9`/ },
  { name: 'evidence with a hypothesis but no verdict', files: { [E]: VALID.evidence.replace('verdict: supports\n', '') }, code: 'evidence/incomplete', at: `${E}:1:1`, says: /missing: verdict/ },
  { name: 'experiment → unknown hypothesis', files: { [X]: VALID.experiment.replace('[quotes-product]', '[quotes-product, nope]') }, code: 'ref/dangling', at: `${X}:4:30` },
  { name: 'experiment with both initiative and domain', files: { [X]: VALID.experiment.replace('initiative: quotes', 'initiative: quotes\ndomain: onboarding') }, code: 'experiment/owner', at: `${X}:3:9` },
  { name: 'experiment concluded before it started', files: { [X]: VALID.experiment.replace('concluded: 2026-10-05', 'concluded: 2026-09-05') }, code: 'date/order', at: `${X}:12:12` },
  { name: 'concluded experiment without a learning card', files: { [X]: VALID.experiment.replace(/learning: .*\n/, '') }, code: 'experiment/conclusion', at: `${X}:10:9`, says: /`learning`/ },
  { name: 'evidence dated in the future', files: { [E]: VALID.evidence.replace('date: 2026-09-15', 'date: 2027-09-15') }, code: 'date/future', at: `${E}:3:7`, says: /`date` is 2027-09-15, after today \(2026-11-24\)/ },
  { name: 'check-in → unknown key result', files: { 'discovery/checkins/c-2026-11-02.yaml': VALID.checkin.replace('kr: days-to-book', 'kr: days-to-bok') }, code: 'ref/dangling', at: 'discovery/checkins/c-2026-11-02.yaml:2:5', says: /did you mean `days-to-book`/ },
  { name: 'OKR → unknown domain', files: { 'discovery/okrs/onboarding-q4.yaml': VALID.okr.replace('domain: onboarding', 'domain: growth') }, code: 'ref/dangling', at: 'discovery/okrs/onboarding-q4.yaml:2:9' },
  { name: 'stage history dates going backwards', files: { [I]: withHistory('  - { stage: immersion, date: 2026-07-06 }\n  - { stage: epiphany, date: 2026-06-03 }\n') }, code: 'history/date-order', at: `${I}:8:30` },
  { name: 'stage history out of order without a reason', files: { [I]: withHistory('  - { stage: epiphany, date: 2026-07-06 }\n  - { stage: immersion, date: 2026-08-03 }\n') }, code: 'history/stage-order', at: `${I}:8:14` },
  {
    name: 'supersedes a hypothesis of another kind',
    files: { 'discovery/hypotheses/m.yaml': 'id: quotes-market\ninitiative: quotes\nkind: market\nstatement: s\nclaims: [{ id: c1, text: t }]\nsupersedes: quotes-product\n' },
    code: 'ref/kind',
    at: 'discovery/hypotheses/m.yaml:6:13',
  },
  { name: 'duplicate claim ids in one hypothesis', files: { 'discovery/hypotheses/quotes-product.yaml': VALID.hypothesis.replace('claims:\n', 'claims:\n  - { id: c1, text: Again. }\n') }, code: 'id/duplicate', at: 'discovery/hypotheses/quotes-product.yaml:7:11' },
  {
    name: 'key result id used in two OKRs',
    files: { 'discovery/okrs/other.yaml': VALID.okr.replace('id: onboarding-q4', 'id: onboarding-q3').replace('2026-Q4', '2026-Q3') },
    code: 'id/duplicate',
    at: 'discovery/okrs/other.yaml:6:11',
  },
];

describe('file names', () => {
  it('warns when a file is not named after the id it holds', async () => {
    const repo = await loadRepo(minimalRepo({ ...BASE_FILES, 'discovery/domains/growth.yaml': VALID.domain.replace('id: onboarding', 'id: growth-team') }), { today: TODAY });
    expect(repo.problems).toEqual([
      expect.objectContaining({ file: 'discovery/domains/growth.yaml', line: 1, column: 5, severity: 'warning', code: 'file/name-mismatch' }),
    ]);
  });
});

const H2 = 'discovery/hypotheses/quotes-product-2.yaml';
const withInitiative = (extra: string) => `${VALID.initiative}${extra}`;
const hypothesis2 = (extra: string) => VALID.hypothesis.replace('id: quotes-product', 'id: quotes-product-2') + extra;
const DOMAIN = 'discovery/domains/onboarding.yaml';
const otherInitiative = { 'discovery/initiatives/other.yaml': 'id: other\ntitle: Other\nstage: immersion\n' };

invalid.push(
  { name: 'a hypothesis superseding itself', files: { [H2]: hypothesis2('supersedes: quotes-product-2\n') }, code: 'ref/self', at: `${H2}:8:13` },
  {
    name: 'a loop of superseded hypotheses',
    files: { [H2]: hypothesis2('supersedes: quotes-product\n'), 'discovery/hypotheses/quotes-product.yaml': `${VALID.hypothesis}supersedes: quotes-product-2\n` },
    code: 'ref/cycle',
    at: `${H2}:8:13`,
  },
  { name: 'a stage entered in the future', files: { [I]: withHistory('  - { stage: immersion, date: 2026-07-06 }\n  - { stage: epiphany, date: 2026-12-03 }\n') }, code: 'date/future', at: `${I}:8:30`, says: /`history\[1\]\.date`/ },
  { name: 'an idea dated in the future', files: { [I]: withInitiative('ideas:\n  - { text: t, date: 2027-01-01 }\n') }, code: 'date/future', at: `${I}:11:22` },
  { name: 'a participant joining in the future', files: { [I]: withInitiative('feedbackGroup:\n  - { id: C-1, joined: 2027-01-01 }\n') }, code: 'date/future', at: `${I}:11:24` },
  { name: 'an experiment started in the future', files: { [X]: VALID.experiment.replace('started: 2026-10-01', 'started: 2027-10-01').replace('concluded: 2026-10-05', 'concluded: 2027-10-05') }, code: 'date/future', at: `${X}:11:10` },
  { name: 'evidence on a hypothesis of another initiative', files: { ...otherInitiative, [E]: VALID.evidence.replace('initiative: quotes', 'initiative: other') }, code: 'ref/initiative', at: `${E}:6:13` },
  { name: 'an experiment on a hypothesis of another initiative', files: { ...otherInitiative, [X]: VALID.experiment.replace('initiative: quotes', 'initiative: other') }, code: 'ref/initiative', at: `${X}:4:14` },
  { name: 'a participant listed twice', files: { [I]: withInitiative('feedbackGroup:\n  - { id: C-1, joined: 2026-09-01 }\n  - { id: C-1, joined: 2026-09-02 }\n') }, code: 'id/duplicate', at: `${I}:12:11` },
  { name: 'a paying customer listed twice', files: { [I]: withInitiative('customers:\n  - { id: C-1, payingSince: 2026-09-01 }\n  - { id: C-1, payingSince: 2026-09-02 }\n') }, code: 'id/duplicate', at: `${I}:12:11` },
  { name: 'a customer churned before paying', files: { [I]: withInitiative('customers:\n  - { id: C-1, payingSince: 2026-09-01, churnedOn: 2026-08-01 }\n') }, code: 'date/order', at: `${I}:11:52` },
  { name: 'a running experiment with no start date', files: { [X]: VALID.experiment.replace('status: concluded', 'status: running').replace(/started: .*\n|concluded: .*\n|result: .*\n|learning: .*\n/g, '') }, code: 'experiment/started', at: `${X}:10:9` },
  { name: 'an initiative expanding itself', files: { [I]: withInitiative('parent: quotes\n') }, code: 'ref/self', at: `${I}:10:9` },
  { name: 'a handoff without its domain', files: { [I]: withInitiative('handoff: { date: 2026-11-01 }\n') }, code: 'handoff/domain', at: `${I}:10:10`, says: /`handoff` is set but `domain` is not/ },
  {
    name: "a handoff missing from its domain's products",
    files: { [I]: withInitiative('domain: onboarding\nhandoff: { date: 2026-11-01 }\n') },
    code: 'handoff/products',
    at: `${I}:11:10`,
    says: /handed off to domain `onboarding`, but discovery\/domains\/onboarding\.yaml does not list it: add `quotes` to its `products`/,
  },
  { name: 'a domain listing a product never handed off', files: { [DOMAIN]: `${VALID.domain}products: [quotes]\n` }, code: 'domain/product', at: `${DOMAIN}:4:12`, says: /never handed off to it: hand it off with pdx handoff quotes --domain onboarding/ },
  {
    name: 'a domain listing a product of another domain',
    files: { [I]: withInitiative('domain: growth\n'), [DOMAIN]: `${VALID.domain}products: [quotes]\n`, 'discovery/domains/growth.yaml': 'id: growth\nname: Growth\npurpose: More shippers\n' },
    code: 'domain/product',
    at: `${DOMAIN}:4:12`,
    says: /whose `domain` is `growth`/,
  },
  {
    name: 'a product listed by two domains',
    files: { [I]: withInitiative('domain: onboarding\nhandoff: { date: 2026-11-01 }\n'), [DOMAIN]: `${VALID.domain}products: [quotes]\n`, 'discovery/domains/zz-growth.yaml': 'id: zz-growth\nname: Growth\npurpose: More shippers\nproducts: [quotes]\n' },
    code: 'domain/product-twice',
    at: 'discovery/domains/zz-growth.yaml:4:12',
    says: /already listed by domain `onboarding`/,
  },
  {
    name: 'a handoff dated before its domain was set up',
    files: { [I]: withInitiative('domain: onboarding\nhandoff: { date: 2026-10-01 }\n'), [DOMAIN]: `${VALID.domain}created: 2026-11-01\nproducts: [quotes]\n` },
    code: 'handoff/date',
    at: `${I}:11:18`,
    says: /handed off on 2026-10-01, before domain `onboarding` was set up \(2026-11-01\)/,
  },
  { name: 'a product listed twice by one domain', files: { [I]: withInitiative('domain: onboarding\nhandoff: { date: 2026-11-01 }\n'), [DOMAIN]: `${VALID.domain}products: [quotes, quotes]\n` }, code: 'id/duplicate', at: `${DOMAIN}:4:20` },
  { name: 'a forced move without a reason', files: { [I]: withHistory('  - { stage: immersion, date: 2026-07-06 }\n  - { stage: epiphany, date: 2026-08-03, forced: true }\n') }, code: 'history/reason', at: `${I}:8:5` },
);

const valid: { name: string; files: Record<string, string> }[] = [
  { name: 'a pivot back with a reason', files: { [I]: withHistory('  - { stage: immersion, date: 2026-07-06 }\n  - { stage: epiphany, date: 2026-08-03 }\n  - { stage: immersion, date: 2026-08-10, reason: epiphany did not survive interviews }\n').replace('stage: hypothesis\n', 'stage: immersion\n') } },
  { name: 'immersion evidence with no hypothesis', files: { [E]: VALID.evidence.replace(/hypothesis: .*\nclaim: .*\nverdict: .*\n/, '') } },
  { name: 'a date equal to today', files: { [E]: VALID.evidence.replace('date: 2026-09-15', `date: ${TODAY}`) } },
  { name: 'a release date planned ahead', files: { [I]: `${VALID.initiative}releasedOn: 2027-01-15\n` } },
  { name: 'a domain set by hand, without a handoff (older repos)', files: { [I]: withInitiative('domain: onboarding\n') } },
  { name: 'a handoff on the day its domain was set up', files: { [I]: withInitiative('domain: onboarding\nhandoff: { date: 2026-11-01 }\n'), [DOMAIN]: `${VALID.domain}created: 2026-11-01\nproducts: [quotes]\n` } },
  { name: 'a handoff listed by its domain', files: { [I]: withInitiative('domain: onboarding\nhandoff: { date: 2026-11-01, by: Maya }\n'), [DOMAIN]: `${VALID.domain}products: [quotes]\n` } },
  { name: 'a reference to a record whose own file is invalid is not also dangling', files: { 'discovery/hypotheses/quotes-product.yaml': VALID.hypothesis.replace('improvementFactor: 120', 'improvementFactor: lots') } },
];

describe('cross-file checks', () => {
  it.each(invalid)('$name → $code at $at', async ({ files, code, at, says }) => {
    const repo = await loadRepo(minimalRepo({ ...BASE_FILES, ...files }), { today: TODAY });
    const found = repo.problems.find((p) => p.code === code);
    expect(found, JSON.stringify(repo.problems, null, 1)).toBeDefined();
    expect(`${found!.file}:${found!.line}:${found!.column}`).toBe(at);
    if (says) expect(found!.message).toMatch(says);
  });

  it.each(valid)('accepts $name', async ({ name, files }) => {
    const repo = await loadRepo(minimalRepo({ ...BASE_FILES, ...files }), { today: TODAY });
    const errors = repo.problems.filter((p) => p.severity === 'error');
    if (name.includes('invalid')) expect(errors.map((p) => p.code)).toEqual(['schema/type']);
    else expect(errors).toEqual([]);
  });
});
