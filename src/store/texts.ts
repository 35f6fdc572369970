import type { RecordKind } from '../model/kinds.js';

/**
 * The long free-text fields of each kind: what the team wrote in words, most of a repo's bytes.
 * Validation, gates and the report never read them (the report's quotes are short and kept); a
 * command that shows or searches them loads with `texts: true`. Every one is validated on every
 * cold read either way: only what is kept afterwards differs.
 */
export const LONG_TEXTS: Partial<Record<RecordKind, readonly (readonly string[])[]>> = {
  evidence: [['note']],
  checkin: [['note']],
  hypothesis: [['statement'], ['notes']],
  experiment: [
    ['learning', 'observed'],
    ['learning', 'learned'],
    ['learning', 'next'],
  ],
};

/** A record's long texts, in the order of its kind's `LONG_TEXTS` (undefined where it has none). */
export type Texts = unknown[];

/**
 * Splits a valid record's data into its lean part and its long texts. The lean part is a copy
 * down to each text's parent, with the text's key kept and set to undefined: putting the texts
 * back (`withTexts`) gives the data with its keys in their order, as the parser made it. Data
 * without long texts is returned as it is, with no texts.
 */
export function splitTexts(kind: RecordKind | 'config', data: unknown): { lean: unknown; texts?: Texts } {
  const paths = kind === 'config' ? undefined : LONG_TEXTS[kind];
  if (!paths || !isObject(data)) return { lean: data };
  const texts: Texts = [];
  let lean = data;
  let any = false;
  const copied = new Set<object>();
  for (const path of paths) {
    const value = getIn(data, path);
    texts.push(value);
    if (value === undefined) continue;
    any = true;
    if (!copied.has(lean)) copied.add((lean = { ...lean }));
    setCopied(lean, path, undefined, copied);
  }
  return any ? { lean, texts } : { lean: data };
}

/**
 * The data `splitTexts` split, whole again: a copy of `lean` with the texts in their places.
 * `lean` may also be a copy of the lean data that left some out (the as-of snapshot hides a
 * learning card written later): a text goes only where `lean` still has its key.
 */
export function withTexts(kind: RecordKind | 'config', lean: unknown, texts: Texts | undefined): unknown {
  const paths = kind === 'config' ? undefined : LONG_TEXTS[kind];
  if (!paths || !texts || !isObject(lean)) return lean;
  const whole = { ...lean };
  const copied = new Set<object>([whole]);
  paths.forEach((path, i) => {
    const value = texts[i];
    if (value !== undefined && hasPlace(lean, path)) setCopied(whole, path, value, copied);
  });
  return whole;
}

/** Whether `data` has the key of `path`, under objects all the way down. */
function hasPlace(data: Record<string, unknown>, path: readonly string[]): boolean {
  let parent: unknown = data;
  for (const key of path.slice(0, -1)) {
    if (!isObject(parent)) return false;
    parent = parent[key];
  }
  return isObject(parent) && Object.hasOwn(parent, path[path.length - 1]!);
}

/** Sets `path` in `root` (already a copy) to `value`, copying each object on the way that is not yet in `copied`: the data it was copied from is left as it was. */
function setCopied(root: Record<string, unknown>, path: readonly string[], value: unknown, copied: Set<object>): void {
  let parent = root;
  for (const key of path.slice(0, -1)) {
    let child = parent[key] as Record<string, unknown>;
    if (!copied.has(child)) copied.add((child = parent[key] = { ...child }));
    parent = child;
  }
  parent[path[path.length - 1]!] = value;
}

function getIn(data: Record<string, unknown>, path: readonly string[]): unknown {
  let at: unknown = data;
  for (const key of path) {
    if (!isObject(at)) return undefined;
    at = at[key];
  }
  return at;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
