import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportSchemas } from '../../src/engine/schemas.js';
import { KIND_NAMES, KINDS, recordFile, someValueAt, valuesAt, type RecordKind } from '../../src/model/kinds.js';
import { RECORD_KINDS } from '../../src/model/index.js';
import { asOfSnapshot, emptyRecords, keepOwnedBy, splitByInitiative, type LoadedRecord, type Records } from '../../src/model/records.js';
import { PROJECT } from '../helpers.js';

/** The JSON Schema node a table path (`customers[].payingSince`) names, or undefined when the schema has no such field. */
function schemaAt(schema: Record<string, unknown>, path: string): Record<string, unknown> | undefined {
  type Node = Record<string, unknown>;
  // A union (a hypothesis's kinds, an optional field) has the field in any of its branches.
  const branches = (node: Node): Node[] => [node, ...(['anyOf', 'oneOf', 'allOf'] as const).flatMap((k) => ((node[k] as Node[] | undefined) ?? []).flatMap(branches))];
  let nodes: Node[] = [schema];
  for (const part of path.split('.')) {
    const list = part.endsWith('[]');
    const key = list ? part.slice(0, -2) : part;
    nodes = nodes.flatMap(branches).flatMap((n) => {
      const child = (n.properties as Record<string, Node> | undefined)?.[key];
      return child === undefined ? [] : list ? (child.items === undefined ? [] : [child.items as Node]) : [child];
    });
  }
  return nodes.flatMap(branches).find((n) => n.type !== undefined || n.pattern !== undefined) ?? nodes[0];
}

describe('the record kinds table', () => {
  const schemas = exportSchemas();

  it('names, for every kind, a schema and a template, and nothing else', () => {
    expect(Object.keys(RECORD_KINDS)).toEqual([...KIND_NAMES]);
    for (const kind of KIND_NAMES) expect(existsSync(join(PROJECT, 'templates', 'records', `${kind}.yaml`)), kind).toBe(true);
  });

  it('declares only fields its schema has: a misspelt date, owner or reference would otherwise be skipped silently', () => {
    for (const kind of KIND_NAMES) {
      const { dates, refs, owners, latest } = KINDS[kind];
      const paths = [...dates.map((d) => d.path), ...refs.map((r) => r.path), ...owners.map((o) => o.field), ...(latest ? [`${latest.list}[].${latest.field}`] : [])];
      for (const path of paths) expect(schemaAt(schemas[kind]!, path), `${kind}: ${path}`).toBeDefined();
      for (const d of dates) expect(schemaAt(schemas[kind]!, d.path)?.pattern, `${kind}: ${d.path} is a date`).toBeDefined();
      if (latest) {
        expect(schemaAt(schemas[latest.from]!, latest.by), `${latest.from}.${latest.by}`).toBeDefined();
        expect(schemaAt(schemas[latest.from]!, latest.value), `${latest.from}.${latest.value}`).toBeDefined();
      }
    }
  });

  it('files each record in a folder named by its owner', () => {
    expect(recordFile('initiative', 'q')).toBe('discovery/initiatives/q.yaml');
    expect(recordFile('evidence', 'e1', 'q')).toBe('discovery/evidence/q/e1.yaml');
  });
});

const rec = <K extends RecordKind>(kind: K, data: Record<string, unknown>): LoadedRecord<K> => ({ kind, file: `${kind}/${String(data.id)}.yaml`, data }) as unknown as LoadedRecord<K>;

function world(): Records {
  const r = emptyRecords();
  r.initiative.push(
    rec('initiative', { id: 'q', title: 'Q', stage: 'validation', risk: 'market', team: [{ name: 'Ann', role: 'designer' }, { name: 'Bo', role: 'engineering-lead', joined: '2026-11-05' }], ideas: [{ text: 'a', date: '2026-10-01' }, { text: 'b', date: '2026-11-10' }], history: [], feedbackGroup: [], customers: [], epiphany: 'e', epiphanyOn: '2026-10-15' }),
    rec('initiative', { id: 'p', title: 'P', stage: 'immersion', risk: 'market', team: [], ideas: [], history: [], feedbackGroup: [], customers: [] }),
  );
  r.hypothesis.push(rec('hypothesis', { id: 'q-h', initiative: 'q', kind: 'product', status: 'testing', claims: [] }));
  r.evidence.push(rec('evidence', { id: 'e1', initiative: 'q', date: '2026-10-02' }), rec('evidence', { id: 'e2', initiative: 'p', date: '2026-11-12' }));
  r.experiment.push(
    rec('experiment', { id: 'x1', initiative: 'q', status: 'concluded', started: '2026-10-01', concluded: '2026-11-15', result: 'validated', learning: { observed: 'o' } }),
    rec('experiment', { id: 'x2', domain: 'd', status: 'running', started: '2026-10-01' }),
    rec('experiment', { id: 'x3', initiative: 'q', status: 'abandoned', started: '2026-10-01', concluded: '2026-11-15' }),
  );
  r.domain.push(rec('domain', { id: 'd', name: 'D', purpose: 'p', team: [] }), rec('domain', { id: 'e', name: 'E', purpose: 'p', team: [{ name: 'Ann', role: 'designer' }] }));
  r.okr.push(rec('okr', { id: 'o', domain: 'd', keyResults: [{ id: 'kr1', current: 9 }, { id: 'kr2', current: 4 }] }));
  r.checkin.push(rec('checkin', { id: 'c1', kr: 'kr1', date: '2026-10-05', value: 12 }), rec('checkin', { id: 'c2', kr: 'kr1', date: '2026-11-20', value: 9 }));
  return r;
}

/** `valuesAt` as it was first written (one `flatMap` per step): what the walk must give, value for value and path for path. */
function valuesAtByFlatMap(data: unknown, path: string): { path: (string | number)[]; value: unknown }[] {
  let found: { path: (string | number)[]; value: unknown }[] = [{ path: [], value: data }];
  for (const part of path.split('.')) {
    const list = part.endsWith('[]');
    const key = list ? part.slice(0, -2) : part;
    found = found.flatMap(({ path: at, value }) => {
      const next = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      if (!list) return next === undefined ? [] : [{ path: [...at, key], value: next }];
      return Array.isArray(next) ? next.map((item, i) => ({ path: [...at, key, i], value: item })) : [];
    });
  }
  return found;
}

describe('table paths', () => {
  it('valuesAt walks a path as the flatMap reading does, and someValueAt agrees with it, for any data', () => {
    const keys = fc.constantFrom('a', 'b', 'c');
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constantFrom('2025-01-01', '2026-06-01', 3, null, undefined), tie('list'), tie('object')),
      list: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(keys, tie('value'), { maxKeys: 3 }),
    }));
    const path = fc.array(fc.tuple(keys, fc.boolean()), { minLength: 1, maxLength: 3 }).map((steps) => steps.map(([k, list]) => (list ? `${k}[]` : k)).join('.'));
    const later = (v: unknown) => typeof v === 'string' && v > '2025-06-01';
    fc.assert(
      fc.property(value, path, (data, p) => {
        expect(valuesAt(data, p)).toEqual(valuesAtByFlatMap(data, p));
        expect(someValueAt(data, p, later)).toBe(valuesAtByFlatMap(data, p).some((v) => later(v.value)));
        // A field that is not there is no value, even to a test that would take one.
        const unset = (v: unknown) => v === undefined || v === null;
        expect(someValueAt(data, p, unset)).toBe(valuesAtByFlatMap(data, p).some((v) => unset(v.value)));
      }),
      { numRuns: 1000 },
    );
    // A hole in a list holds no value.
    const sparse: unknown[] = [];
    sparse[2] = { a: '2026-01-01' };
    expect(valuesAt({ b: sparse }, 'b[].a')).toEqual([{ path: ['b', 2, 'a'], value: '2026-01-01' }]);
  });
});

describe('derived from the table', () => {
  it('the as-of snapshot drops later records and list items, reopens later conclusions, and dates the latest values', () => {
    const s = asOfSnapshot(world(), '2026-11-01');
    // Made once per records and day: the gates the report evaluates over its snapshot reuse it.
    expect(asOfSnapshot(s, '2026-11-01')).toBe(s);
    expect(asOfSnapshot(s, '2026-10-01')).not.toBe(s);
    expect(s.initiative[0]!.data.ideas.map((i) => i.text)).toEqual(['a']);
    // A member who joined later was not on the team yet; an epiphany dated later had not come.
    expect(s.initiative[0]!.data.team.map((m) => m.name)).toEqual(['Ann']);
    expect(s.initiative[0]!.data).toMatchObject({ epiphany: 'e', epiphanyOn: '2026-10-15' });
    expect(asOfSnapshot(world(), '2026-10-14').initiative[0]!.data).not.toHaveProperty('epiphany');
    expect(asOfSnapshot(world(), '2026-10-14').initiative[0]!.data).not.toHaveProperty('epiphanyOn');
    expect(s.evidence.map((e) => e.data.id)).toEqual(['e1']);
    expect(s.experiment[0]!.data).toMatchObject({ id: 'x1', status: 'running', started: '2026-10-01' });
    expect(s.experiment[0]!.data).not.toHaveProperty('concluded');
    expect(s.experiment[0]!.data).not.toHaveProperty('result');
    expect(s.experiment[0]!.data).not.toHaveProperty('learning');
    // Only a conclusion is undone: an experiment abandoned later stays as written.
    expect(s.experiment[2]!.data).toMatchObject({ id: 'x3', status: 'abandoned', concluded: '2026-11-15' });
    expect(s.checkin.map((c) => c.data.id)).toEqual(['c1']);
    expect(s.okr[0]!.data.keyResults.map((k) => k.current)).toEqual([12, 4]);
    expect(asOfSnapshot(world(), '2026-10-01').okr[0]!.data.keyResults.map((k) => k.current)).toEqual([undefined, 4]);
    // On a day after everything, nothing changes.
    const all = world();
    const later = asOfSnapshot(all, '2026-12-31');
    for (const kind of KIND_NAMES) expect(later[kind], kind).toEqual(all[kind]);
  });

  it('splits the records by initiative: each gets its own hypotheses, evidence and experiments', () => {
    const split = splitByInitiative(world());
    expect(split.get('q')!.evidence.map((e) => e.data.id)).toEqual(['e1']);
    expect(split.get('q')!.experiment.map((x) => x.data.id)).toEqual(['x1', 'x3']);
    expect(split.get('p')!.hypothesis).toEqual([]);
    expect(split.get('p')!.domain.length).toBe(2);
  });

  it('keeps what belongs to the chosen records, through owners of owners', () => {
    const byDomain = keepOwnedBy(world(), (r) => r.kind === 'domain' && r.data.id === 'd');
    expect(byDomain.initiative).toEqual([]);
    expect(byDomain.experiment.map((x) => x.data.id)).toEqual(['x2']);
    expect(byDomain.okr.map((o) => o.data.id)).toEqual(['o']);
    expect(byDomain.checkin.map((c) => c.data.id)).toEqual(['c1', 'c2']);
    const byInitiative = keepOwnedBy(world(), (r) => r.kind === 'initiative' && r.data.id === 'q');
    expect([byInitiative.hypothesis, byInitiative.evidence, byInitiative.experiment].map((l) => l.map((r) => (r.data as { id: string }).id))).toEqual([['q-h'], ['e1'], ['x1', 'x3']]);
    expect(byInitiative.checkin).toEqual([]);
  });
});
