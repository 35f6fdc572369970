import { compareProblems, EXIT, PdxError, type Problem } from '../errors.js';
import { RULE_IDS, type RuleSettings } from '../gates/engine.js';
import type { Config } from '../model/config.js';
import { CONFIG_FILE, type RecordKind } from '../model/kinds.js';
import type { LoadedRecord, Records } from '../model/records.js';
import { stageSetByHand } from '../model/history.js';
import { loadRepo, type Repo } from '../store/load.js';
import { UNREADABLE_HINT } from '../store/read.js';
import { readRuleSettings } from './config.js';
import type { SourceTree } from '../store/tree.js';
import { prefetchStageDates, type StageDates, type TreeHistory } from './stage-dates.js';

export interface OpenOptions {
  /** `YYYY-MM-DD`: dates after it are reported. */
  today: string;
  /** How messages name that day (default `today`). */
  todayLabel?: string;
  /** Reuse (and update) the verdicts cached in `.pdx/cache/` (default true). */
  cache?: boolean;
  /** The folder whose `.pdx/cache/` holds the caches of this repo (verdicts, stage dates; default `root`): a portfolio keeps them in its own folder. */
  cacheRoot?: string;
  /** Read only these record files (and the config): for a write that needs a few known records. */
  only?: { kind: RecordKind; file: string }[];
  /** The caller locates fields after opening and then calls `save` once. */
  saveLater?: boolean;
  /** Start git's `log` as soon as the initiatives are read, when a stage set by hand will need its date (gate, report). */
  prefetchHistory?: boolean;
  /**
   * Called once the valid initiatives are read (and the config, undefined when invalid), while the
   * rest is still to read: a command's first question about an initiative is asked then.
   */
  afterInitiatives?: (initiatives: LoadedRecord<'initiative'>[], config: Config | undefined) => void;
  /** Recover this user's half-done writes first (default true): false to read a repo without writing to it. */
  recover?: boolean;
  /**
   * Keep the records' long free texts (notes, statements, learning cards; default true). A command
   * that never reads them passes false (validate, gate, report, status, stage): every file is still
   * validated whole. `'apart'`: the records are lean as well, and `whole` reads a record's texts
   * when a command shows or searches it (search, the evidence list, the log), so that no command
   * holds every text at once. (`PDX_TEST_TEXTS=all` keeps them in the records anyway: the tests'
   * proof that no lean command reads one, and that `whole` gives what the records held.)
   */
  texts?: boolean | 'apart';
  /**
   * Read the pdx folder of a commit of a bare repository (`git/remote.ts`'s `readTree`) instead
   * of the disk: `files` as read from it, and where its history is (stage dates come from the
   * bare repository at that commit). `root` is then only where the caches live.
   */
  tree?: { files: SourceTree; git: TreeHistory };
}

/**
 * One pdx repo, opened once for a command: its records, its config checked whole (the schema and
 * every rule setting), the as-of snapshots, git's stage dates and field locations behind one
 * interface. Nothing in it is global, so one process may open several (a portfolio opens many).
 */
export interface Workspace {
  root: string;
  /** The files as read: records, located problems, field locations. */
  repo: Repo;
  records: Records;
  /** Every problem: each file's, the cross-file checks', and the config's rule settings', ordered by file and line. */
  problems: Problem[];
  /** The config when it is valid, rule settings included; else undefined (its problems are in `problems`). */
  config?: Config;
  /** Each configured rule's severity and options (valid ones only). */
  settings: Map<string, RuleSettings>;
  /** Stage dates from git history: one `git log`, started as soon as the initiatives were read when one needs it. */
  stageDates(): Promise<StageDates>;
  /** Saves what was located to the cache. */
  save(): void;
  /** A record (or a copy of one, as the as-of snapshot makes) with its long texts in place (`Repo.withTexts`). */
  whole<R extends LoadedRecord>(record: R): R;
}

/** Opens the repo at `root` (found by `requireRoot`). Never fails for what is in the files: that is in `problems`. */
export async function openWorkspace(root: string, options: OpenOptions): Promise<Workspace> {
  const useCache = options.cache !== false;
  const history = prefetchStageDates(root, useCache, { cacheRoot: options.cacheRoot, history: options.tree?.git });
  const repo = await loadRepo(root, {
    today: options.today,
    todayLabel: options.todayLabel,
    cache: useCache,
    cacheRoot: options.cacheRoot,
    recover: options.recover,
    only: options.only,
    tree: options.tree?.files,
    saveCacheLater: true,
    texts: process.env.PDX_TEST_TEXTS === 'all' ? true : (options.texts ?? true),
    afterInitiatives: (initiatives, config) => {
      const git = Boolean(options.prefetchHistory && !options.only);
      if (git) history.afterInitiatives(initiatives);
      options.afterInitiatives?.(initiatives, config);
      // A `git log` started now keeps a core busy while the rest is read.
      return git && initiatives.some(stageSetByHand);
    },
  });
  let config = repo.config;
  let settings = new Map<string, RuleSettings>();
  const problems = [...repo.problems];
  if (config) {
    const read = await readRuleSettings(config);
    settings = read.settings;
    if (read.findings.length > 0) {
      config = undefined;
      const located = await repo.locate(read.findings.map((f) => ({ file: CONFIG_FILE, path: f.path, target: f.target })));
      problems.push(...read.findings.map((f, i) => ({ ...located[i]!, severity: 'error' as const, code: f.code, message: f.message })));
      problems.sort(compareProblems);
    }
  }
  if (!options.saveLater) repo.saveCache();
  return {
    root,
    repo,
    records: repo.records,
    problems,
    config,
    settings,
    stageDates: () => history.get(repo.records.initiative),
    save: () => repo.saveCache(),
    whole: (record) => {
      const data = repo.withTexts(record.kind, record.file, record.data);
      return data === record.data ? record : { ...record, data };
    },
  };
}

/**
 * The config, or the usage error (exit 2) every command gives for an invalid or unreadable one,
 * listing its located problems: its settings (thresholds, windows, targets) shape every answer,
 * so none is given without them.
 */
export function requireConfig(ws: Workspace): Config {
  if (ws.config) return ws.config;
  const problems = ws.problems.filter((p) => p.file === CONFIG_FILE);
  const unreadable = ws.repo.unreadable.some((p) => p.file === CONFIG_FILE);
  throw new PdxError(unreadable ? 'config/unreadable' : 'config/invalid', unreadable ? `cannot read ${CONFIG_FILE}; fix it first` : `${CONFIG_FILE} is invalid; fix it first`, {
    exitCode: EXIT.usage,
    problems,
    hint: unreadable ? UNREADABLE_HINT : problems.some((p) => p.code === 'config/unknown-rule') ? `known rules: ${RULE_IDS.join(', ')}` : undefined,
  });
}
