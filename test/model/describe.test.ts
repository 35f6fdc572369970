import { describe, expect, it } from 'vitest';
import { validateRecord } from '../../src/model/describe.js';
import { closest, fieldName } from '../../src/model/words.js';
import { DomainSchema } from '../../src/model/domain.js';
import { HypothesisSchema } from '../../src/model/hypothesis.js';

describe('closest', () => {
  it.each([
    ['stauts', ['status', 'statement'], 'status'],
    ['Status', ['status'], 'status'],
    ['improvmentFactor', ['improvementFactor', 'currentSolution'], 'improvementFactor'],
    ['zzz', ['status', 'kind'], undefined],
  ])('%s among %j → %s', (word, known, expected) => {
    expect(closest(word, known)).toBe(expected);
  });
});

describe('fieldName', () => {
  it('writes paths the way they read in the file', () => {
    expect(fieldName(['claims', 1, 'text'])).toBe('claims[1].text');
    expect(fieldName([])).toBe('');
  });
});

describe('validateRecord', () => {
  it('suggests keys of the matching kind of a discriminated union', () => {
    const result = validateRecord(HypothesisSchema, {
      id: 'h',
      initiative: 'i',
      kind: 'pricing',
      statement: 's',
      claims: [{ id: 'c1', text: 't' }],
      pricepoints: [],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([{ path: ['pricepoints'], target: 'key', code: 'schema/unknown-key', message: 'unknown field `pricepoints` (did you mean `pricePoints`?)' }]);
  });

  it('rejects __proto__ and constructor keys as unknown fields', () => {
    for (const key of ['__proto__', 'constructor']) {
      const input = JSON.parse(`{"id":"d","name":"n","purpose":"p","${key}":{"polluted":1}}`);
      const result = validateRecord(DomainSchema, input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues.map((i) => i.code)).toEqual(['schema/unknown-key']);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('says a missing discriminator is a missing field, listing the kinds', () => {
    const result = validateRecord(HypothesisSchema, { id: 'h', initiative: 'i', statement: 's', claims: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ code: 'schema/required', target: 'parent', message: expect.stringContaining('revenue-engine') });
  });
});

describe('messages that say how to fix the file', () => {
  it('points an unknown key at the one missing field it probably is', () => {
    const result = validateRecord(DomainSchema, { id: 'd', title: 'Onboarding', purpose: 'p' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.message)).toEqual(['missing required field `name`', 'unknown field `title` (did you mean `name`?)']);
    }
  });

  it('names the fields a map needs when something else was written', () => {
    const result = validateRecord(HypothesisSchema, { id: 'h', initiative: 'i', kind: 'market', statement: 's', claims: ['just text'] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.message).toBe('`claims[0]` must be a map of fields (id, text, importance), not "just text"');
  });
});
