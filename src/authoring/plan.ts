import { didYouMean, nearest, someOf } from '../model/words.js';
import { isValidId, slugify, uniqueId } from '../model/ids.js';
import type { RecordKind } from '../model/index.js';
import type { LoadedRecord, Records } from '../model/records.js';
import { EXIT, PdxError, usageError } from '../errors.js';
import { UNREADABLE, UNREADABLE_HINT } from '../store/read.js';

export type { Plan } from '../store/plan-writer.js';

/**
 * The record of `kind` with `id`, or the error `notFound` explains its absence with. `flag` is the
 * option the id came from (`--initiative`); none for a command's argument, which the user knows.
 */
export function findRecord<K extends RecordKind>(records: Records, kind: K, id: string, flag?: string): LoadedRecord<K> {
  const found = (records[kind] as LoadedRecord<K>[]).find((r) => (r.data as { id: string }).id === id);
  if (found) return found;
  throw notFound(records, [kind], id, flag);
}

/**
 * Why no record of `kinds` has `id`, as the error to raise. A record that is there but invalid
 * or unreadable is named with its problems, and a folder or file that could not be read (so may
 * hold it) is named: both exit 1, since the repo is at fault, not the command. Only when the
 * record is truly absent is it a usage error (exit 2), suggesting the closest id. With
 * `keyResult`, `id` is a key result's, looked for in the OKRs. A missing id is answered with the
 * closest ids, or with the ids there are when none is close and they are few.
 */
export function notFound(records: Records, kinds: RecordKind[], id: string, flag?: string, keyResult = false): PdxError {
  const what = keyResult ? 'key result' : kinds.join(' or ');
  const unloaded = records.unloaded ?? { files: [], folders: [] };
  const known = keyResult ? records.okr.flatMap((r) => r.data.keyResults.map((kr) => kr.id)) : kinds.flatMap((kind) => (records[kind] as LoadedRecord[]).map((r) => (r.data as { id: string }).id));
  const mine = unloaded.files.filter((f) => kinds.includes(f.kind));
  // A typo may be of a record that is there but broken, too.
  const close = nearest(id, [...new Set([...known, ...mine.flatMap((f) => (keyResult ? (f.keyResults ?? []) : f.ids))])]);
  const by = flag ? ` (${flag})` : '';
  const broken = mine.filter((f) => (keyResult ? f.keyResults : f.ids)?.includes(id));
  if (broken.length > 0) {
    const unreadable = broken.every((f) => f.unreadable);
    const files = broken.length === 1 ? `its file ${broken[0]!.file}` : `the files that hold it (${someOf(broken.map((f) => f.file))})`;
    const message = unreadable ? `${what} \`${id}\`${by} exists, but pdx cannot read ${files}` : `${what} \`${id}\`${by} exists, but ${files} ${broken.length === 1 ? 'is' : 'are'} invalid, so pdx cannot use it`;
    return new PdxError(unreadable ? UNREADABLE : 'record/invalid', message, {
      exitCode: EXIT.failed,
      problems: broken.flatMap((f) => f.problems),
      hint: unreadable ? UNREADABLE_HINT : 'fix the problems listed above (pdx validate shows them all), then run the command again',
    });
  }
  // Where it may be: folders that could not be listed, files that could not be read, and (for a
  // key result) OKR files too broken to say which key results they hold.
  const hidden = [
    ...unloaded.folders.filter((f) => f.kind === undefined || kinds.includes(f.kind)).map((f) => ({ path: f.folder, problems: [f.problem] })),
    ...mine.filter((f) => f.unreadable || (keyResult && f.keyResults === undefined)).map((f) => ({ path: f.file, problems: f.problems })),
  ];
  if (hidden.length > 0) {
    return new PdxError(UNREADABLE, `no ${what} with id \`${id}\` was found${by}, but pdx cannot read ${someOf(hidden.map((h) => h.path))}, which may hold it${close.length > 0 ? ` (or ${didYouMean(close).slice(2)}` : ''}`, {
      exitCode: EXIT.failed,
      problems: hidden.flatMap((h) => h.problems),
      hint: UNREADABLE_HINT,
    });
  }
  const names = keyResult ? 'key results' : kinds.map((kind) => PLURALS[kind]).join(' and ');
  const hint =
    close.length > 0
      ? didYouMean(close).slice(2, -1)
      : known.length === 0 && mine.length === 0
        ? `there is no ${what} yet`
        : known.length > 0 && known.length <= 8
          ? `the ${names} are ${known.map((k) => `\`${k}\``).join(', ')}`
          : known.length > 8
            ? `${known.length} ${names}, among them ${someIds(known).replace(/ and \d+ more$/, '')}${listing(kinds, keyResult) ? `; list them: ${listing(kinds, keyResult)}` : ''}`
            : undefined;
  return usageError(`no ${what} with id \`${id}\`${by}`, hint);
}

/** The command that lists the records of `kinds`, when there is one. */
function listing(kinds: RecordKind[], keyResult: boolean): string | undefined {
  if (keyResult) return 'pdx kr list';
  const [kind] = kinds;
  return kinds.length === 1 && kind !== 'checkin' ? `pdx ${kind} list` : undefined;
}

const PLURALS: Record<RecordKind, string> = {
  initiative: 'initiatives',
  hypothesis: 'hypotheses',
  evidence: 'evidence records',
  experiment: 'experiments',
  domain: 'domains',
  okr: 'OKRs',
  checkin: 'check-ins',
};

/**
 * The id for a new record: the user's (validated, and refused with exit 1 when taken, naming
 * the file that has it) or one generated from `base`. `known` looks up the file of an id among
 * records that were not loaded.
 */
export function chooseId(
  records: Records,
  kind: RecordKind,
  given: string | undefined,
  base: string,
  extraTaken: Set<string> = new Set(),
  known: (id: string) => string | undefined = () => undefined,
): { id: string; generated: boolean } {
  const loaded = new Map((records[kind] as LoadedRecord[]).map((r) => [(r.data as { id: string }).id, r.file] as const));
  const fileOf = (id: string) => loaded.get(id) ?? known(id);
  if (given !== undefined) {
    if (!isValidId(given)) throw usageError(`--id "${given}" is not a valid id: use lowercase letters and digits in words joined by single dashes, e.g. rapid-quotes`);
    const file = fileOf(given);
    if (file) throw new PdxError('id/taken', `${kind} id \`${given}\` is already used by ${file}`, { exitCode: EXIT.failed, hint: 'pick another --id' });
    return { id: given, generated: false };
  }
  const slug = slugify(base) || kind;
  return { id: uniqueId(slug, (id) => extraTaken.has(id) || fileOf(id) !== undefined), generated: true };
}

/** A few ids for a message: all of up to eight, else the first six and how many more. */
export function someIds(ids: readonly string[]): string {
  const unique = [...new Set(ids)].sort();
  return unique.length <= 8 ? unique.join(', ') : `${unique.slice(0, 6).join(', ')} and ${unique.length - 6} more`;
}
