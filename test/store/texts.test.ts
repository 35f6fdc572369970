import { describe, expect, it } from 'vitest';
import { LONG_TEXTS, splitTexts, withTexts } from '../../src/store/texts.js';

describe('long texts', () => {
  it('split off and put back give the data with its keys in their order, leaving the original untouched', () => {
    const data = { id: 'x', initiative: 'i', learning: { observed: 'a long text', learned: 'another', next: 'then', decision: 'pivot' }, result: 'validated' };
    const copy = structuredClone(data);
    const { lean, texts } = splitTexts('experiment', data);
    expect(data).toEqual(copy);
    expect(lean).toEqual({ id: 'x', initiative: 'i', learning: { observed: undefined, learned: undefined, next: undefined, decision: 'pivot' }, result: 'validated' });
    expect(texts).toEqual(['a long text', 'another', 'then']);
    const whole = withTexts('experiment', lean, texts);
    expect(JSON.stringify(whole)).toBe(JSON.stringify(data));
    expect(lean).toEqual(splitTexts('experiment', data).lean); // not changed by putting them back
  });

  it('leaves a record without long texts, a kind without them and an absent optional text as they are', () => {
    const initiative = { id: 'i', title: 't' };
    expect(splitTexts('initiative', initiative)).toEqual({ lean: initiative });
    const running = { id: 'x', status: 'running' };
    expect(splitTexts('experiment', running).lean).toBe(running);
    const hypothesis = { id: 'h', statement: 's', status: 'untested' };
    const { lean, texts } = splitTexts('hypothesis', hypothesis);
    expect(Object.keys(lean as object)).toEqual(['id', 'statement', 'status']);
    expect(texts).toEqual(['s', undefined]);
    expect(withTexts('hypothesis', lean, texts)).toEqual(hypothesis);
    expect(Object.keys(LONG_TEXTS).sort()).toEqual(['checkin', 'evidence', 'experiment', 'hypothesis']);
  });
});
