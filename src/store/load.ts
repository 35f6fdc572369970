import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { compareProblems, EXIT, PdxError, type Problem } from '../errors.js';
import type { Config } from '../model/index.js';
import { checkIntegrity } from '../model/integrity.js';
import { CONFIG_FILE, DATA_DIR, idFromFileName, KIND_FOLDERS, KIND_OF_FOLDER, type RecordKind } from '../model/kinds.js';
import { emptyRecords, invalidIdsOf, type Finding, type LoadedRecord, type Records, type Unloaded, type UnlistedFolder } from '../model/records.js';
import { closest, someOf, type FieldPath } from '../model/words.js';
import { CACHE_DIR, hashOf, openCache, TEXTS_FILE } from './cache.js';
import type { FileVerdict } from './check-file.js';
import { recoverJournals } from './journal.js';
import { decodeText, MAX_FILE_BYTES, readFileBytes, UNREADABLE, UNREADABLE_HINT, whyUnreadable } from './read.js';
import type { Position, YamlFile } from './yaml-file.js';
import { significanceOf } from '../model/settings.js';
import { readTreeFile, resolveInTree, treeFolders, type SourceTree } from './tree.js';
import { LONG_TEXTS, withTexts, type Texts } from './texts.js';
import { openPool, poolSize, type CheckPool, type Checked } from './pool.js';

/** A whole discovery repo, read once: valid records, and every problem found on the way. */
export interface Repo {
  root: string;
  /** Undefined when the config file itself is unreadable or invalid. */
  config?: Config;
  records: Records;
  /** All problems, config included, ordered by file and line. */
  problems: Problem[];
  /** The problems that say a file or folder could not be read (config included): what the records may lack. */
  unreadable: Problem[];
  /** Number of files read, config included. */
  fileCount: number;
  /**
   * Points fields at their lines and columns, all at once, loading the YAML parser only when some
   * answer is not in the cache. A field not written in its file points at line 1 (or `orElse`).
   */
  locate(requests: LocateRequest[]): Promise<Located[]>;
  /** Turns findings about records (from integrity checks or gate rules) into located problems. */
  toProblems(findings: Finding[]): Promise<Problem[]>;
  /** Saves what was located since loading to the cache, so the next run need not parse those files again. */
  saveCache(): void;
  /**
   * `data` (a record of `file` as loaded, or a copy of it such as the as-of snapshot's) with its
   * long texts in the places its keys hold for them: as it is when the load kept them, else read
   * back from where a load with `texts: 'apart'` put them (the verdict cache's texts file, read
   * for this record alone). A place the copy no longer has (a learning card hidden as of a day)
   * stays empty.
   */
  withTexts<T>(kind: RecordKind, file: string, data: T): T;
}

/** A place in a file: repo-relative path, line and column. */
export type Located = Position & { file: string };

/** A field to locate: in `file` (repo-relative), at `path`; the key itself, its value, or the map holding it. */
export interface LocateRequest {
  file: string;
  path: FieldPath;
  target?: 'value' | 'key' | 'parent';
  /** Where to point instead when the field is not written in the file (only filled in by a default). */
  orElse?: { file: string; path: FieldPath };
}

export interface LoadOptions {
  /** `YYYY-MM-DD`: dates after it are reported. */
  today: string;
  /** How messages name that day (default `today`). */
  todayLabel?: string;
  /** Reuse (and update) the verdicts cached in `.pdx/cache/` for files whose content is unchanged (default true). */
  cache?: boolean;
  /**
   * The folder whose `.pdx/cache/` holds the verdicts (default `root`): a portfolio reads other
   * teams' repos and keeps what it caches about them in its own folder, never writing into theirs.
   */
  cacheRoot?: string;
  /** Finish or undo a write this user's pdx left half done in the repo before reading it (default true; a portfolio reading a team's repo passes false). */
  recover?: boolean;
  /**
   * Read only these record files (and the config), not the whole repo: for a write that needs a
   * few known records. Cross-file checks then see only them; the cache is not used.
   */
  only?: { kind: RecordKind; file: string }[];
  /** The caller locates fields after loading and then calls `saveCache` once, instead of the cache being written twice. */
  saveCacheLater?: boolean;
  /**
   * Keep the long free texts (`store/texts.ts`: notes, statements, learning cards) in the records
   * (default true). False for a command that never reads them (validate, gate, report): each
   * file is still validated whole, but its texts are dropped afterwards (their keys are left,
   * set to undefined) and neither read from the cache nor held. `'apart'` for a command that
   * reads only some, or one at a time (search, the evidence list, the log): the records are lean,
   * as with false, and `withTexts` reads a record's texts when asked (they are kept in the
   * verdict cache's texts file, or in memory without a cache).
   */
  texts?: boolean | 'apart';
  /**
   * Called once the valid initiatives are read, before the other records: to start work that needs
   * only them (the config is undefined when invalid). True when that work keeps a core busy (a
   * `git log`): the cold parse then leaves it one.
   */
  afterInitiatives?: (initiatives: LoadedRecord<'initiative'>[], config: Config | undefined) => boolean | void;
  /**
   * Read the files from this git tree (a commit's pdx folder, `git/remote.ts`) instead of the
   * disk; `root` then only holds the verdict cache. The same folder rules and problems as on
   * disk; no journal to recover.
   */
  tree?: SourceTree;
}

/**
 * Reads the config and every record under the data folder. One bad file never hides another's
 * problems: each file is read and checked on its own (or its verdict taken from the cache when
 * its content is unchanged), then the valid records are checked against each other. The parsers
 * and schemas are loaded only for files the cache does not know; `yaml` documents are built only
 * for the files a problem must point into.
 */
export async function loadRepo(root: string, options: LoadOptions): Promise<Repo> {
  // A write this user's pdx left half done (killed, power lost) is finished or undone first.
  // (A git tree is never written to: nothing to recover.)
  const tree = options.tree;
  const folders = tree && treeFolders(tree);
  const problems: Problem[] = tree || options.recover === false ? [] : recoverJournals(root);
  // A file is read again when a field in it must be located, and used only if its bytes are
  // still the ones checked: the cache knows their hashes; without one, they are kept here.
  const hashes = new Map<string, string>();
  const scratch = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
  const wantTexts = options.texts !== false;
  const apart = options.texts === 'apart';
  // Without a cache, the texts a load with `texts: 'apart'` keeps.
  const apartTexts = new Map<string, Texts>();
  const verdicts = new Map<string, FileVerdict>();
  const unloaded: Unloaded = { files: [], folders: [] };
  const records: Records = { ...emptyRecords(), unloaded };
  const cache = options.cache === false || options.only ? undefined : openCache(options.cacheRoot ?? root);
  let checker: typeof import('./check-file.js') | undefined;

  // The initiatives folder is listed first, and the rest of the repo once they are read (while
  // a command's first question about them is on screen); the listing is the same either way.
  const initiativesFirst = options.only || tree ? undefined : listInitiatives(root);
  const listAll = (): Listing =>
    options.only ? { files: options.only.map((f) => ({ ...f, regular: false })), problems: [], unlisted: [] } : tree ? listTreeRecordFiles(tree) : listRecordFiles(root, initiativesFirst);
  let listing = initiativesFirst ? undefined : listAll();
  // The listing's problems go where a listing made first would have put them: after the recovered journals'.
  const listedProblemsAt = problems.length;
  let config: Config | undefined;
  let count = 0;
  /**
   * A file's verdict, its data as the command gets it (whole, or lean), and the long texts to
   * keep apart for it (`keep`: in the cache's texts file, or in memory), kept in file order.
   */
  type Outcome = { verdict: FileVerdict; data: unknown; keep?: { texts?: Texts } };
  const readAll = async (list: { kind: RecordKind | 'config'; file: string; regular: boolean }[], pool?: CheckPool) => {
    const outcomes: (Outcome | Promise<Outcome>)[] = [];
    const answered = new Set<number>();
    let folded = 0;
    // Answers are folded in the order of the list as soon as they are in, whichever worker
    // answered first: nothing waits in memory longer than the chunks ahead of it.
    const foldReady = () => {
      for (; folded < outcomes.length && (answered.has(folded) || !(outcomes[folded] instanceof Promise)); folded++) {
        const { kind, file } = list[folded]!;
        fold(kind, file, outcomes[folded] as Outcome);
        answered.delete(folded);
        outcomes[folded] = undefined as unknown as Outcome;
      }
    };
    try {
      for (const { kind, file, regular } of list) {
        // Now and then, let a child process started meanwhile hand over its output (its pipe holds 64 KB).
        if (++count % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
        // Files wait in memory for a worker: no more than a few chunks each.
        while (pool?.full()) await pool.drained();
        const outcome = await readOne(kind, file, regular, pool);
        const i = outcomes.length;
        if ('later' in outcome) {
          outcomes.push(
            outcome.later.then((done) => {
              outcomes[i] = done;
              answered.add(i);
              return done;
            }),
          );
        } else outcomes.push(outcome);
        foldReady();
      }
      pool?.flush();
      for (; folded < outcomes.length; foldReady()) await outcomes[folded];
    } finally {
      await pool?.close();
    }
  };
  const hasLongTexts = (kind: RecordKind | 'config'): kind is RecordKind => kind !== 'config' && LONG_TEXTS[kind] !== undefined;
  const readOne = async (kind: RecordKind | 'config', file: string, regular: boolean, pool?: CheckPool): Promise<Outcome | { later: Promise<Outcome> }> => {
    const read = tree ? readTreeFile(tree, folders!, file) : readFileBytes(join(root, file), file, root, regular, scratch);
    if ('problem' in read) return { verdict: { problems: [read.problem] }, data: undefined };
    const cached = cache?.get(file, read.bytes);
    if (cached) {
      if (!wantTexts || cached.data === undefined || !hasLongTexts(kind)) return { verdict: cached, data: cached.data };
      if (apart && cache!.hasTexts(file)) return { verdict: cached, data: cached.data };
      const kept = apart ? undefined : cache!.getTexts(file);
      if (kept) return { verdict: cached, data: withTexts(kind, cached.data, kept.texts) };
      // Checked by a load that dropped the texts: checked again for them (same bytes, same verdict).
      checker ??= await import('./check-file.js');
      const again = checker.checkBytes(kind, file, read.bytes);
      return { verdict: cached, data: apart ? cached.data : again.whole, keep: { texts: again.texts } };
    }
    // Not known: checked here, or by a worker of the pool.
    const hash = hashOf(read.bytes);
    const outcome = ({ verdict, texts }: Checked, whole?: unknown): Outcome => {
      if (cache) cache.setHashed(file, hash, verdict);
      else hashes.set(file, hash);
      if (verdict.data === undefined) return { verdict, data: undefined };
      const keep = wantTexts && hasLongTexts(kind) ? { texts } : undefined;
      return { verdict, data: wantTexts && !apart ? (whole ?? withTexts(kind, verdict.data, texts)) : verdict.data, keep };
    };
    if (pool) return { later: pool.check(kind, file, read.bytes).then((checked) => outcome(checked)) };
    checker ??= await import('./check-file.js');
    const checked = checker.checkBytes(kind, file, read.bytes);
    return outcome(checked, checked.whole);
  };
  const fold = (kind: RecordKind | 'config', file: string, { verdict, data, keep }: Outcome) => {
    verdicts.set(file, verdict);
    if (keep) {
      if (cache) cache.setTexts(file, keep.texts);
      else if (apart && keep.texts) apartTexts.set(file, keep.texts);
    }
    problems.push(...verdict.problems);
    if (kind === 'config') config = data as Config | undefined;
    else if (data !== undefined) (records[kind] as LoadedRecord[]).push({ kind, file, data } as LoadedRecord);
    else {
      // References to a broken record are not also reported as dangling: its file name (records
      // are named by id) and whatever ids could still be read count as existing. A file that
      // could not be read at all may hold any id.
      const unreadable = verdict.problems.some((p) => p.code === UNREADABLE);
      const named = idFromFileName(file);
      const known = verdict.id === undefined || verdict.id === named ? [named] : [named, verdict.id];
      const errors = verdict.problems.filter((p) => p.severity === 'error');
      unloaded.files.push({ kind, file, ids: known, unreadable, problems: errors, ...(kind === 'okr' && verdict.keyResults ? { keyResults: verdict.keyResults } : {}) });
    }
  };
  // Initiatives first, so that work needing only them (git history) runs while the rest is read.
  await readAll([{ kind: 'config', file: CONFIG_FILE, regular: false }, ...(initiativesFirst?.files ?? listing!.files.filter((f) => f.kind === 'initiative'))]);
  const busy = options.afterInitiatives?.(records.initiative, config) === true ? 1 : 0;
  // A question asked about them is put on screen before the rest is listed.
  if (options.afterInitiatives) await new Promise((resolve) => setImmediate(resolve));
  listing ??= listAll();
  const { files } = listing;
  problems.splice(listedProblemsAt, 0, ...listing.problems);
  unloaded.folders.push(...listing.unlisted);
  const rest = files.filter((f) => f.kind !== 'initiative');
  // The rest on every free core when most of it is not in the cache (a cold run).
  const workers = options.only ? 0 : poolSize(rest.length - (cache?.known() ?? 0), busy);
  await readAll(rest, workers > 0 ? openPool(workers, wantTexts) : undefined);

  const findings = checkIntegrity(records, { today: options.today, todayLabel: options.todayLabel, significance: significanceOf(config), invalidIds: invalidIdsOf(unloaded) });
  let yamlFile: typeof import('./yaml-file.js') | undefined;
  const documents = new Map<string, YamlFile>();
  const sourceOf = (file: string): YamlFile | undefined => {
    let doc = documents.get(file);
    if (!doc) {
      const text = textAsChecked(file);
      if (text === undefined) return undefined;
      documents.set(file, (doc = yamlFile!.parseYamlFile(file, text).yaml));
    }
    return doc;
  };
  /** A file read again: only if it still has the bytes its verdict is about. */
  const textAsChecked = (file: string): string | undefined => {
    const read = tree ? readTreeFile(tree, folders!, file) : readFileBytes(join(root, file), file, root);
    if ('problem' in read || !(cache ? cache.matches(file, read.bytes) : hashes.get(file) === hashOf(read.bytes))) return undefined;
    const decoded = decodeText(read.bytes, file);
    return 'text' in decoded ? decoded.text : undefined;
  };
  // Where a field is depends only on the file's bytes: answers are kept with its cached verdict,
  // and the YAML parser is loaded only when some answer is not there.
  const keyOf = (kind: 'value' | 'key' | 'parent' | 'has', path: FieldPath) => `${kind} ${JSON.stringify(path)}`;
  const cached = (file: string, key: string) => verdicts.get(file)?.located?.[key];
  const remember = (file: string, key: string, found: Position | boolean) => {
    const verdict = verdicts.get(file);
    if (!verdict) return;
    (verdict.located ??= {})[key] = found;
    cache?.changed(file);
  };
  const answer = (file: string, key: string, find: (source: YamlFile) => Position | boolean): Position | boolean | undefined => {
    const known = cached(file, key);
    if (known !== undefined) return known;
    const source = sourceOf(file);
    // Nothing is kept when the file could not be read again as it was.
    if (!source) return undefined;
    const found = find(source);
    remember(file, key, found);
    return found;
  };
  const locate = async (requests: LocateRequest[]): Promise<Located[]> => {
    // What the answer would be read from: the field, or, when it is known not to be written, where to point instead.
    const needsParser = requests.some(({ file, path, target = 'value', orElse }) => {
      if (!orElse) return cached(file, keyOf(target, path)) === undefined;
      const has = cached(file, keyOf('has', path));
      if (has === undefined) return true;
      return has === true ? cached(file, keyOf(target, path)) === undefined : cached(orElse.file, keyOf('value', orElse.path)) === undefined;
    });
    if (needsParser) yamlFile ??= await import('./yaml-file.js');
    const at = (file: string, path: FieldPath, target: 'value' | 'key' | 'parent'): Located => ({
      file,
      ...((answer(file, keyOf(target, path), (source) => yamlFile!.locate(source, path, target)) as Position | undefined) ?? { line: 1, column: 1 }),
    });
    return requests.map(({ file, path, target = 'value', orElse }) => {
      if (orElse && answer(file, keyOf('has', path), (source) => source.doc.hasIn(path)) !== true) return at(orElse.file, orElse.path, 'value');
      return at(file, path, target);
    });
  };
  const toProblems = async (list: Finding[]): Promise<Problem[]> => {
    const positions = await locate(list.map((f) => ({ file: f.record.file, path: f.path, target: f.target })));
    return list.map((f, i) => ({ ...positions[i]!, severity: f.severity, code: f.code, message: f.message }));
  };

  problems.push(...(await toProblems(findings)));
  problems.sort(compareProblems);
  if (!options.saveCacheLater) cache?.save();
  const saveCache = () => cache?.save();
  const unreadable = problems.filter((p) => p.code === UNREADABLE);
  const textsOf = <T>(kind: RecordKind, file: string, data: T): T => {
    if (!apart || !hasLongTexts(kind)) return data;
    const kept = cache ? cache.getTexts(file) : { texts: apartTexts.get(file) };
    // The load kept every valid record's texts (or that it has none): only a texts file damaged since can lack them.
    if (kept === undefined) {
      throw new PdxError('cache/damaged', `cannot read the texts of ${file} back from ${TEXTS_FILE}, which is damaged; it was removed`, { exitCode: EXIT.failed, hint: `run the command again: it checks the files again for their texts; if this repeats, remove ${CACHE_DIR}` });
    }
    return withTexts(kind, data, kept.texts) as T;
  };
  return { root, config, records, problems, unreadable, fileCount: files.length + 1, locate, toProblems, saveCache, withTexts: textsOf };
}

/**
 * Refuses a write when some file or folder could not be read: pdx could not check the change
 * against what they hold (an id may be taken there, a record may be duplicated there).
 */
export function requireReadable(repo: Repo): void {
  if (repo.unreadable.length === 0) return;
  throw new PdxError(UNREADABLE, `cannot read ${someOf(repo.unreadable.map((p) => p.file))}, so pdx cannot check this change against the whole repo; nothing was written`, {
    exitCode: EXIT.failed,
    problems: repo.unreadable,
    hint: UNREADABLE_HINT,
  });
}


/**
 * Record files by kind, found by folder. YAML in unknown folders is reported, not silently
 * skipped; a folder that cannot be listed is an error (and `unlisted`), never an empty folder.
 */
/** Record files found by listing folders, with the problems of what could not be listed. */
interface Listing {
  files: ListedFile[];
  problems: Problem[];
  unlisted: UnlistedFolder[];
}

/**
 * The initiatives folder's records as `listRecordFiles` lists them, when it is a folder (not a
 * link); its problems and unlisted folders are only `listRecordFiles`'s to report.
 */
function listInitiatives(root: string): Listing | undefined {
  const folder = `${DATA_DIR}/${KIND_FOLDERS.initiative}`;
  // Found as `listRecordFiles` finds it, by listing the data folder (which must be readable,
  // and holds it under exactly that name) and seeing a folder, not a link.
  try {
    const entry = readdirSync(join(root, DATA_DIR), { withFileTypes: true }).find((e) => e.name === KIND_FOLDERS.initiative);
    if (!entry?.isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const problems: Problem[] = [];
  const unlisted: UnlistedFolder[] = [];
  const files = yamlFilesUnder(root, folder, 'initiative', problems, unlisted).map(({ file, regular }) => ({ kind: 'initiative' as const, file, regular }));
  const collator = new Intl.Collator();
  files.sort((a, b) => collator.compare(a.file, b.file));
  return { files, problems, unlisted };
}

export function listRecordFiles(root: string, initiatives?: Listing): Listing {
  const files: ListedFile[] = [];
  const problems: Problem[] = [];
  const unlisted: UnlistedFolder[] = [];
  for (const entry of entries(root, DATA_DIR, undefined, unlisted)) {
    if (entry.name.startsWith('.')) continue;
    const kind = KIND_OF_FOLDER.get(entry.name);
    if (entry.isSymbolicLink() && isDirectory(join(root, DATA_DIR, entry.name))) {
      problems.push({ file: `${DATA_DIR}/${entry.name}`, severity: 'warning', code: 'file/symlink', message: 'a symbolic link to a folder is not followed, so its records are not checked; move the folder here instead' });
    } else if (entry.isDirectory() && kind === 'initiative' && initiatives) {
      // Listed already, as below.
      files.push(...initiatives.files);
      problems.push(...initiatives.problems);
      unlisted.push(...initiatives.unlisted);
    } else if (entry.isDirectory() && kind) {
      for (const { file, regular } of yamlFilesUnder(root, `${DATA_DIR}/${entry.name}`, kind, problems, unlisted)) files.push({ kind, file, regular });
    } else if (entry.isDirectory() || isYamlName(entry.name)) {
      // An unknown folder that cannot be read is reported as unknown: its YAML would not be checked anyway.
      const hidden: UnlistedFolder[] = [];
      const hasYaml = entry.isDirectory() ? yamlFilesUnder(root, `${DATA_DIR}/${entry.name}`, undefined, [], hidden).length > 0 || hidden.length > 0 : true;
      if (!hasYaml) continue;
      const hint = entry.isDirectory() ? closest(entry.name, [...KIND_OF_FOLDER.keys()]) : undefined;
      problems.push({
        file: `${DATA_DIR}/${entry.name}`,
        severity: 'warning',
        code: 'file/unknown-folder',
        message: `not a record folder, so its YAML is not checked${hint ? ` (did you mean \`${hint}\`?)` : ''}; records live in ${[...KIND_OF_FOLDER.keys()].map((f) => `${DATA_DIR}/${f}/`).join(', ')}`,
      });
    }
  }
  problems.push(...unlisted.map((u) => u.problem));
  const collator = new Intl.Collator();
  files.sort((a, b) => collator.compare(a.file, b.file));
  return { files, problems, unlisted };
}


/**
 * `listRecordFiles` over a git tree: the same folders, the same problems for unknown folders
 * and links to folders, as a checkout of that tree gives. A submodule, which a checkout leaves as
 * an empty folder, is reported: its records are not read.
 */
export function listTreeRecordFiles(tree: SourceTree): { files: ListedFile[]; problems: Problem[]; unlisted: UnlistedFolder[] } {
  const folders = treeFolders(tree);
  // Each folder's entries, by name: what `readdir` gives on disk.
  const children = new Map<string, Map<string, 'file' | 'folder' | 'link' | 'submodule'>>();
  const add = (path: string, what: 'file' | 'folder' | 'link' | 'submodule') => {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    let map = children.get(parent);
    if (!map) children.set(parent, (map = new Map()));
    map.set(path.slice(slash + 1), what);
  };
  for (const folder of folders) if (tree.get(folder)?.kind !== 'submodule') add(folder, 'folder');
  for (const [path, entry] of tree) add(path, entry.kind === 'link' ? 'link' : entry.kind === 'submodule' ? 'submodule' : 'file');
  const linkToFolder = (path: string) => {
    const found = resolveInTree(tree, folders, path);
    return found !== undefined && !('outside' in found) && !('loop' in found) && ('folder' in found || found.entry?.kind === 'submodule');
  };
  const linkProblem = (file: string): Problem => ({ file, severity: 'warning', code: 'file/symlink', message: 'a symbolic link to a folder is not followed, so its records are not checked; move the folder here instead' });
  const submoduleProblem = (file: string): Problem => ({ file, severity: 'warning', code: 'file/submodule', message: 'a git submodule is not read, so its records are not checked; move its records into this repository instead' });
  const under = (folder: string, problems: Problem[]): { file: string; regular: boolean }[] => {
    const found: { file: string; regular: boolean }[] = [];
    for (const [name, what] of children.get(folder) ?? []) {
      if (name.startsWith('.')) continue;
      const file = `${folder}/${name}`;
      if (what === 'folder') found.push(...under(file, problems));
      else if (what === 'submodule') problems.push(submoduleProblem(file));
      else if (what === 'link' && linkToFolder(file)) problems.push(linkProblem(file));
      else if (isYamlName(name)) found.push({ file, regular: what === 'file' });
    }
    return found;
  };
  const files: ListedFile[] = [];
  const problems: Problem[] = [];
  for (const [name, what] of children.get(DATA_DIR) ?? []) {
    if (name.startsWith('.')) continue;
    const path = `${DATA_DIR}/${name}`;
    const kind = KIND_OF_FOLDER.get(name);
    if (what === 'link' && linkToFolder(path)) problems.push(linkProblem(path));
    else if (what === 'submodule') problems.push(submoduleProblem(path));
    else if (what === 'folder' && kind) for (const { file, regular } of under(path, problems)) files.push({ kind, file, regular });
    else if (what === 'folder' || isYamlName(name)) {
      if (what === 'folder' && under(path, []).length === 0) continue;
      const hint = what === 'folder' ? closest(name, [...KIND_OF_FOLDER.keys()]) : undefined;
      problems.push({
        file: path,
        severity: 'warning',
        code: 'file/unknown-folder',
        message: `not a record folder, so its YAML is not checked${hint ? ` (did you mean \`${hint}\`?)` : ''}; records live in ${[...KIND_OF_FOLDER.keys()].map((f) => `${DATA_DIR}/${f}/`).join(', ')}`,
      });
    }
  }
  const collator = new Intl.Collator();
  files.sort((a, b) => collator.compare(a.file, b.file));
  return { files, problems, unlisted: [] };
}

/**
 * Ids of the records of `kind` by the names of their files (`<id>.yaml`), without reading them.
 * A folder that cannot be listed is an error (exit 1): the ids in it are unknown.
 */
export function idsByFileName(root: string, kind: RecordKind): Map<string, string> {
  const ids = new Map<string, string>();
  for (const { file } of listedOrThrow(root, `${DATA_DIR}/${KIND_FOLDERS[kind]}`, kind)) ids.set(idFromFileName(file), file);
  return ids;
}

/** The YAML files under `folder`, or an error naming the folders that could not be listed. */
function listedOrThrow(root: string, folder: string, kind: RecordKind): { file: string; regular: boolean }[] {
  const unlisted: UnlistedFolder[] = [];
  const found = yamlFilesUnder(root, folder, kind, [], unlisted);
  if (unlisted.length > 0) {
    throw new PdxError(UNREADABLE, `cannot read ${someOf(unlisted.map((u) => u.folder))}, so pdx cannot tell which ${kind} ids are taken; nothing was written`, {
      exitCode: EXIT.failed,
      problems: unlisted.map((u) => u.problem),
      hint: UNREADABLE_HINT,
    });
  }
  return found;
}

/** A record file found by listing folders; `regular` when the listing showed a plain file (not a link). */
export interface ListedFile {
  kind: RecordKind;
  file: string;
  regular: boolean;
}

function yamlFilesUnder(root: string, folder: string, kind: RecordKind | undefined, problems: Problem[], unlisted: UnlistedFolder[]): { file: string; regular: boolean }[] {
  const found: { file: string; regular: boolean }[] = [];
  for (const entry of entries(root, folder, kind, unlisted)) {
    // Dot-files are editor swap files, pdx's own locks and the like: never records.
    if (entry.name.startsWith('.')) continue;
    const file = `${folder}/${entry.name}`;
    if (entry.isDirectory()) found.push(...yamlFilesUnder(root, file, kind, problems, unlisted));
    else if (entry.isSymbolicLink() && isDirectory(join(root, file))) {
      problems.push({ file, severity: 'warning', code: 'file/symlink', message: 'a symbolic link to a folder is not followed, so its records are not checked; move the folder here instead' });
    } else if (isYamlName(entry.name)) found.push({ file, regular: entry.isFile() });
  }
  return found;
}

function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The entries of `folder` (repo-relative). A folder that does not exist is empty (a new repo has
 * no data folder yet); one that exists but cannot be listed goes to `unlisted`, with a problem.
 */
function entries(root: string, folder: string, kind: RecordKind | undefined, unlisted: UnlistedFolder[]): Dirent[] {
  try {
    return readdirSync(join(root, folder), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    const what = kind ? `the ${kind} records in it are` : 'every record in it is';
    unlisted.push({
      folder,
      kind,
      problem: { file: folder, severity: 'error', code: UNREADABLE, message: `cannot read the folder (${whyUnreadable(error)}), so ${what} left out: none is checked, listed or counted` },
    });
    return [];
  }
}
