/**
 * Every record kind, declared once, free of any schema library (reading a repo whose files are
 * all in the cache never loads zod): where its files live, which record it belongs to, which of
 * its fields are dates and which name other records. The as-of snapshot, the split per
 * initiative, the changed-files mapping, the report filter, the cross-file checks and `init`'s
 * folders are all derived from this table (see `records.ts` and `integrity.ts`); each kind's
 * schema is declared beside it in `index.ts`, keyed by the same names.
 */

/** The file whose presence marks a pdx repo's root. */
export const CONFIG_FILE = 'pdx.yaml';
/** The folder, next to the config, that holds every record. */
export const DATA_DIR = 'discovery';

/** What a later date means for the as-of snapshot of an earlier day. */
export type Later =
  /** The record did not exist yet. */
  | 'drop'
  /** The list item (`list[].field`) did not exist yet. */
  | 'drop-item'
  /** The date does not hide anything (a date the record may plan ahead, or only checked). */
  | 'keep'
  /** The record existed but these fields were not set yet (when it holds `when`): they are replaced (undefined removes). */
  | { when?: Record<string, unknown>; before: Record<string, unknown> };

/** What a record kind is: one table row. */
export interface KindSpec {
  /** The folder under `discovery/` holding one record per file, at any depth. */
  folder: string;
  /**
   * The fields naming the record this one belongs to (any one of them set), in order. Its file is
   * filed in a sub-folder named by that owner's id. `kr` is a key result of an OKR.
   */
  owners: readonly { field: string; kind: OwnerKind }[];
  /** Date fields, as paths with `[]` for every item of a list, and what a later date hides as of an earlier day. None may be after today. */
  dates: readonly { path: string; later: Later }[];
  /** Fields naming another record (`[]` for each item of a list): each must resolve. */
  refs: readonly { path: string; kind: OwnerKind }[];
  /**
   * A value kept up to date by dated records of another kind (a key result's `current`, by its
   * check-ins): as of an earlier day it is the value of the latest of them by then, and unknown
   * when there were some but none yet.
   */
  latest?: { list: string; field: string; from: RecordKind; by: string; value: string };
}

/** The record kinds, in the order they are read and reported. */
export const KIND_NAMES = ['initiative', 'hypothesis', 'evidence', 'experiment', 'domain', 'okr', 'checkin'] as const;
export type RecordKind = (typeof KIND_NAMES)[number];
/** A kind a record may belong to or name: a record kind, or `kr`, a key result inside an OKR. */
export type OwnerKind = RecordKind | 'kr';

export const KINDS: Record<RecordKind, KindSpec> = {
  initiative: {
    folder: 'initiatives',
    owners: [],
    dates: [
      { path: 'ideas[].date', later: 'drop-item' },
      { path: 'history[].date', later: 'drop-item' },
      { path: 'team[].joined', later: 'drop-item' },
      { path: 'epiphanyOn', later: { before: { epiphany: undefined, epiphanyOn: undefined } } },
      { path: 'feedbackGroup[].joined', later: 'drop-item' },
      { path: 'customers[].payingSince', later: 'drop-item' },
      { path: 'customers[].churnedOn', later: 'keep' },
      { path: 'handoff.date', later: { before: { handoff: undefined, domain: undefined } } },
    ],
    refs: [
      { path: 'parent', kind: 'initiative' },
      { path: 'domain', kind: 'domain' },
    ],
  },
  hypothesis: {
    folder: 'hypotheses',
    owners: [{ field: 'initiative', kind: 'initiative' }],
    // The status is taken as it is on any day (the contract's "current values"): its date is kept.
    dates: [
      { path: 'created', later: 'keep' },
      { path: 'statusSince', later: 'keep' },
      { path: 'statusOverride.date', later: 'keep' },
    ],
    refs: [
      { path: 'initiative', kind: 'initiative' },
      { path: 'supersedes', kind: 'hypothesis' },
    ],
  },
  evidence: {
    folder: 'evidence',
    owners: [{ field: 'initiative', kind: 'initiative' }],
    dates: [{ path: 'date', later: 'drop' }],
    refs: [
      { path: 'initiative', kind: 'initiative' },
      { path: 'hypothesis', kind: 'hypothesis' },
      { path: 'experiment', kind: 'experiment' },
    ],
  },
  experiment: {
    folder: 'experiments',
    owners: [
      { field: 'initiative', kind: 'initiative' },
      { field: 'domain', kind: 'domain' },
    ],
    dates: [
      // Started later: it did not run yet (a planned one, with no start, is there on any day).
      { path: 'started', later: 'drop' },
      { path: 'concluded', later: { when: { status: 'concluded' }, before: { status: 'running', concluded: undefined, result: undefined, learning: undefined, arms: undefined, resultOverride: undefined } } },
    ],
    refs: [
      { path: 'initiative', kind: 'initiative' },
      { path: 'domain', kind: 'domain' },
      { path: 'hypotheses[]', kind: 'hypothesis' },
      { path: 'kr', kind: 'kr' },
      { path: 'product', kind: 'initiative' },
    ],
  },
  domain: {
    folder: 'domains',
    owners: [],
    dates: [
      { path: 'created', later: 'drop' },
      // The old name and purpose are not kept: on an earlier day the domain shows its current ones.
      { path: 'updated', later: 'keep' },
      { path: 'team[].joined', later: 'drop-item' },
    ],
    refs: [{ path: 'products[]', kind: 'initiative' }],
  },
  okr: {
    folder: 'okrs',
    owners: [{ field: 'domain', kind: 'domain' }],
    dates: [
      { path: 'created', later: 'drop' },
      { path: 'keyResults[].created', later: 'drop-item' },
    ],
    refs: [
      { path: 'domain', kind: 'domain' },
      { path: 'product', kind: 'initiative' },
    ],
    latest: { list: 'keyResults', field: 'current', from: 'checkin', by: 'kr', value: 'value' },
  },
  checkin: {
    folder: 'checkins',
    owners: [{ field: 'kr', kind: 'kr' }],
    dates: [{ path: 'date', later: 'drop' }],
    refs: [{ path: 'kr', kind: 'kr' }],
  },
};

/** Every record kind and the folder under `discovery/` that holds it. */
export const KIND_FOLDERS = Object.fromEntries(KIND_NAMES.map((kind) => [kind, KINDS[kind].folder])) as Record<RecordKind, string>;

/**
 * Where pdx files a record: `discovery/<folder>/[<owner id>/]<id>.yaml`, in a sub-folder named by
 * the record it belongs to (the domain, for a check-in), so parallel work never touches one file.
 */
export function recordFile(kind: RecordKind, id: string, owner?: string): string {
  return `${DATA_DIR}/${KINDS[kind].folder}/${owner === undefined ? '' : `${owner}/`}${id}.yaml`;
}

/** The kind whose records are filed in each folder under `discovery/`, by folder name. */
export const KIND_OF_FOLDER: ReadonlyMap<string, RecordKind> = new Map(KIND_NAMES.map((kind) => [KINDS[kind].folder, kind]));

/** The kinds that belong to an initiative: what a gate of it reads besides the initiative. */
export const INITIATIVE_PARTS = KIND_NAMES.filter((kind) => KINDS[kind].owners.some((o) => o.kind === 'initiative'));

/** The id a record file is named after (`discovery/evidence/x/e-1.yaml` → `e-1`): records are named by id. */
export function idFromFileName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, '');
}

/** A top-level `id:` line: a quick look at which id a file holds, even one whose YAML does not parse. */
const ID_LINE = /^id:[ ]*(['"]?)([a-z0-9-]+)\1[ ]*(?:#.*)?\r?$/m;

/** The id a record file names on its own `id:` line, without parsing it; undefined when there is none. */
export function idLine(text: string): string | undefined {
  return ID_LINE.exec(text)?.[2];
}

/** One step of a table path: a field, and whether it holds a list whose every item the path goes into. */
type PathStep = { key: string; list: boolean };

/** Each table path split once: checks and snapshots ask for the same few paths of every record. */
const steps = new Map<string, PathStep[]>();

function stepsOf(path: string): PathStep[] {
  let parts = steps.get(path);
  if (!parts) {
    parts = path.split('.').map((part) => (part.endsWith('[]') ? { key: part.slice(0, -2), list: true } : { key: part, list: false }));
    steps.set(path, parts);
  }
  return parts;
}

const field = (value: unknown, key: string): unknown => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined);

/** The values at a table path (`customers[].payingSince`) in a record's data, each with its field path, in the order of the data. */
export function valuesAt(data: unknown, path: string): { path: (string | number)[]; value: unknown }[] {
  const parts = stepsOf(path);
  const found: { path: (string | number)[]; value: unknown }[] = [];
  const walk = (value: unknown, step: number, at: (string | number)[]): void => {
    if (step === parts.length) {
      found.push({ path: at, value });
      return;
    }
    const { key, list } = parts[step]!;
    const next = field(value, key);
    if (!list) {
      if (next !== undefined) walk(next, step + 1, [...at, key]);
    } else if (Array.isArray(next)) {
      // A hole in a list holds no value (as `map` and `flatMap` skip it).
      for (let i = 0; i < next.length; i++) if (i in next) walk(next[i], step + 1, [...at, key, i]);
    }
  };
  walk(data, 0, []);
  return found;
}

/** Whether some value at a table path passes `test`: `valuesAt(data, path).some(...)` without making the paths. */
export function someValueAt(data: unknown, path: string, test: (value: unknown) => boolean): boolean {
  const parts = stepsOf(path);
  const walk = (value: unknown, step: number): boolean => {
    if (step === parts.length) return test(value);
    const { key, list } = parts[step]!;
    const next = field(value, key);
    if (!list) return next !== undefined && walk(next, step + 1);
    if (!Array.isArray(next)) return false;
    for (let i = 0; i < next.length; i++) if (i in next && walk(next[i], step + 1)) return true;
    return false;
  };
  return walk(data, 0);
}
