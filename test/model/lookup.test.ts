import { describe, expect, it } from 'vitest';
import { findById, ofInitiative } from '../../src/model/lookup.js';
import type { LoadedRecord } from '../../src/model/records.js';

const hypothesis = (id: string, initiative: string, file = `${id}.yaml`) => ({ kind: 'hypothesis', file, data: { id, initiative } }) as unknown as LoadedRecord<'hypothesis'>;

describe('lookup', () => {
  it('finds what find and filter find, in the same order, the first of two records with one id', () => {
    const list = [hypothesis('h1', 'a'), hypothesis('h2', 'b'), hypothesis('h1', 'b', 'dup.yaml'), hypothesis('h3', 'a')];
    for (const id of ['h1', 'h2', 'h3', 'nope']) expect(findById(list, id)).toBe(list.find((r) => r.data.id === id));
    expect(findById(list, 'h1')!.file).toBe('h1.yaml');
    for (const initiative of ['a', 'b', 'c']) expect(ofInitiative(list, initiative)).toEqual(list.filter((r) => r.data.initiative === initiative));
  });

  it('gives a new array each call, and indexes a list again when its length changed', () => {
    const list = [hypothesis('h1', 'a')];
    const mine = ofInitiative(list, 'a');
    mine.push(hypothesis('x', 'a'));
    expect(ofInitiative(list, 'a')).toHaveLength(1);
    list.push(hypothesis('h2', 'a'));
    expect(ofInitiative(list, 'a').map((r) => r.data.id)).toEqual(['h1', 'h2']);
    expect(findById(list, 'h2')).toBe(list[1]);
  });
});
