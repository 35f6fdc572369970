import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { EXIT, PdxError, usageError } from '../../errors.js';
import { safeLine } from '../../format/safe-text.js';
import { CONFIG_FILE, DATA_DIR, KIND_NAMES, RECORD_KINDS } from '../../model/index.js';
import { exportSchemas, SUMMARY_SCHEMA_KEY } from '../../engine/schemas.js';
import { findGitRoot, findRoot } from '../../store/root.js';
import { EXTENSIONS_FILE, planEditorFiles, SCHEMA_DIR, SETTINGS_FILE, workspaceRoot, type EditorFilePlan } from '../../store/editor-settings.js';
import { renderYamlTemplate, templateFiles } from '../../store/templates.js';
import { ensureRepoDir, lstatOrUndefined, makeFolders } from '../../store/safe-path.js';
import { applyChanges } from '../../store/transaction.js';
import { writeNewFile } from '../../store/write.js';
import type { Context } from '../context.js';

export interface InitOptions {
  name?: string;
  /** The product vision, written into a new pdx.yaml after the name. */
  vision?: string;
  git: boolean;
  commit?: boolean;
}

/** The message of the commit `init --commit` makes. */
export const INIT_COMMIT_MESSAGE = 'pdx: set up pdx.yaml, discovery/ and the JSON Schemas';

/**
 * `pdx init`: scaffolds the config, the record folders, JSON Schemas and VS Code schema hints.
 * Creates only what is missing and never changes an existing file of its own, so re-running is
 * harmless; the VS Code files, at the workspace root (the git root, where VS Code reads them),
 * are merged into: pdx's entries added, the rest kept byte for byte.
 */
export async function init(ctx: Context, options: InitOptions): Promise<number> {
  const root = ctx.cwd;
  const enclosing = findRoot(dirname(root));
  if (!existsSync(join(root, CONFIG_FILE)) && enclosing) {
    throw usageError(`${root} is inside the pdx repo at ${enclosing}; a repo inside another one would be read as its records`, `run pdx init in a folder outside ${enclosing}`);
  }
  const vision = options.vision?.trim();
  if (options.vision !== undefined && !vision) throw usageError('--vision is empty', 'pass the product vision in words, e.g. --vision "Every shipper books freight in one sitting"');
  // Checked before anything is written: init never changes an existing file.
  if (vision && existsSync(join(root, CONFIG_FILE))) throw usageError(`${CONFIG_FILE} already exists and init never changes it, so --vision cannot be written`, `add a line to ${CONFIG_FILE} instead: vision: "…"`);
  if (options.commit && !options.git && !findGitRoot(root)) {
    throw usageError('--commit needs a git repository, and --no-git keeps pdx from making one here', 'leave out --no-git (pdx runs git init), or leave out --commit');
  }
  const created: string[] = [];
  const kept: string[] = [];

  const configExists = existsSync(join(root, CONFIG_FILE));
  let name = options.name?.trim();
  if (!name && !configExists && ctx.interactive) {
    // Asked before anything is created, so Ctrl-C here leaves the folder as it was.
    const { askText } = await ctx.prompts();
    // The folder's name is offered as shown: no control character from it reaches the terminal.
    name = await askText('Product team or organisation name (shown in reports):', safeLine(basename(root)));
  }

  const files = new Map<string, () => string>();
  for (const { path, source } of templateFiles('init')) {
    files.set(path, () =>
      path === CONFIG_FILE ? renderYamlTemplate(source, { name: name || basename(root), ...(vision ? { vision } : {}) }) : readFileSync(source, 'utf8'),
    );
  }
  for (const [kind, json] of Object.entries(exportSchemas())) {
    // The repo's own files get their schemas; the report summary is no file of the repo (pdx schema publishes it).
    if (kind === SUMMARY_SCHEMA_KEY) continue;
    files.set(`${SCHEMA_DIR}/${kind}.schema.json`, () => `${JSON.stringify(json, null, 2)}\n`);
  }
  const folders = KIND_NAMES.map((kind) => `${DATA_DIR}/${RECORD_KINDS[kind].folder}/`);
  // VS Code's files go where VS Code reads them: the git root (the pdx folder outside git).
  const workspace = workspaceRoot(root, options.git);
  const editorFiles = [SETTINGS_FILE, EXTENSIONS_FILE];
  /** An editor file's path as the user sees it, from the pdx folder (`../.vscode/settings.json` in a monorepo). */
  const shown = (path: string) => relative(root, join(workspace, path)).split(sep).join('/');

  const blocked = [
    ...[...files.keys()].filter((path) => isFolder(join(root, path))),
    ...[...files.keys(), ...folders].flatMap((path) => blockingFile(root, path)),
    ...editorFiles.filter((path) => isFolder(join(workspace, path))).map(shown),
    ...editorFiles.flatMap((path) => blockingFile(workspace, path)).map(shown),
  ];
  // A committed link (`.vscode -> /somewhere`) must not lead any file out of the repo (for the
  // editor files: out of the git root).
  const linked = [...new Set([...[...files.keys(), ...folders].flatMap((path) => linkOut(root, path)), ...editorFiles.flatMap((path) => linkOut(workspace, path)).map(shown)])];
  if (linked.length > 0) {
    throw new PdxError('write/symlink', `cannot set up the repo: ${linked.join(', ')} ${linked.length === 1 ? 'is a link' : 'are links'} leading out of the repo; nothing was created`, {
      hint: 'remove the link (or replace it with a real folder) and run pdx init again',
    });
  }
  if (blocked.length > 0) {
    throw new PdxError('init/blocked', `cannot set up the repo: ${[...new Set(blocked)].join(', ')} ${blocked.length === 1 ? 'is' : 'are'} in the way (a file where pdx needs a folder, or the reverse); nothing was created`);
  }

  makeFolders(root);
  if (options.git && !findGitRoot(root)) {
    const { gitInit } = await import('../../git/index.js');
    if (await gitInit(root)) ctx.out('initialised an empty git repository');
    else ctx.err('pdx: git is not installed, so no git repository was created (pass --no-git to skip this step)');
  }

  for (const [path, render] of files) {
    const target = join(ensureRepoDir(root, dirname(path)), basename(path));
    if (lstatOrUndefined(target) !== undefined || !writeNewFile(target, render())) kept.push(path);
    else {
      created.push(path);
      ctx.log.files.push(path);
    }
  }
  for (const folder of folders) {
    if (lstatOrUndefined(join(root, folder)) === undefined) {
      ensureRepoDir(root, folder);
      created.push(folder);
      ctx.log.files.push(folder);
    }
  }
  const editor = writeEditorFiles(workspace, root);
  for (const { plan, done } of editor) {
    const path = shown(plan.file);
    if (done === 'created') {
      created.push(path);
      ctx.log.files.push(path);
    } else if (done !== 'merged') kept.push(path);
  }

  for (const path of created) ctx.out(`created  ${path}`);
  const merged = editor.filter((e) => e.done === 'merged');
  for (const { plan } of merged) {
    ctx.out(`merged   ${shown(plan.file)} (${plan.added}; the rest kept as it was)`);
    ctx.log.files.push(shown(plan.file));
  }
  if (workspace !== root && editor.some(({ done }) => done === 'created' || done === 'merged')) {
    ctx.out(`the VS Code files are at the git root, ${workspace}, where VS Code reads them; their schema paths and globs start with ${relative(workspace, root).split(sep).join('/')}/`);
  }
  if ((created.length > 0 || merged.length > 0) && kept.length > 0) ctx.out(`left alone (already there): ${kept.join(', ')}`);
  // A file merged into is the user's, with their own settings in it: it is theirs to commit.
  const scaffold = [...files.keys(), ...editor.filter(({ plan }) => plan.action !== 'merge' && plan.action !== 'refuse').map(({ plan }) => shown(plan.file))];
  const committed = options.commit ? await commitScaffold(ctx, root, scaffold) : false;
  if (created.length === 0 && merged.length === 0 && !committed) {
    ctx.out(`nothing to do: this pdx repo is already set up (${kept.length} files already there, none changed)`);
    ctx.out(`to refresh the JSON Schemas after upgrading pdx: pdx schema --out ${SCHEMA_DIR}`);
  } else if (created.length > 0) {
    ctx.out('\nready. Next: pdx initiative add --title "…", then pdx hypothesis add and pdx evidence add as you learn; pdx validate checks it all');
  }
  for (const { plan } of editor) {
    if (plan.action !== 'refuse') continue;
    const what = plan.file === SETTINGS_FILE ? 'for field completion in VS Code' : 'for VS Code to offer the YAML extension';
    ctx.out(`\nleft ${shown(plan.file)} as it is: ${plan.reason}. ${what}, add to ${shown(plan.file)}:\n${plan.fresh}`);
  }
  return EXIT.ok;
}

/**
 * Writes the VS Code files of `workspace` as planned: a new file created like init's others, a
 * merge through the transaction (locked, compared with what was read, replaced atomically), one
 * file at a time so that no journal is kept at a monorepo's root.
 */
function writeEditorFiles(workspace: string, root: string): ({ plan: Extract<EditorFilePlan, { action: 'merge' }>; done: 'merged' } | { plan: EditorFilePlan; done: 'created' | 'kept' })[] {
  return planEditorFiles(workspace, root).map((plan) => {
    if (plan.action === 'create') {
      const target = join(ensureRepoDir(workspace, '.vscode'), basename(plan.file));
      return { plan, done: writeNewFile(target, plan.fresh) ? 'created' : 'kept' };
    }
    if (plan.action === 'merge') {
      applyChanges(workspace, [{ file: plan.file, before: plan.before, after: plan.after }]);
      return { plan, done: 'merged' as const };
    }
    return { plan, done: 'kept' };
  });
}

/**
 * Commits the scaffold: the files init created now, and those of its files that are there but
 * git does not track yet (so that `init --commit` after a plain `init`, or after a commit that
 * failed, commits the scaffold), leaving out what git ignores and anything else staged.
 */
async function commitScaffold(ctx: Context, root: string, scaffold: string[]): Promise<boolean> {
  const git = await import('../../git/index.js');
  const { lockWait } = await import('../write.js');
  ctx.log.commitWanted = true;
  // The files are written whatever git says: running pdx init --commit again commits them.
  const again = (error: unknown): unknown =>
    error instanceof PdxError && ctx.log.files.length > 0
      ? new PdxError(error.code, error.message, { exitCode: error.exitCode, hint: `${error.hint ? `${error.hint}; then ` : ''}run pdx init --commit again to commit them`, cause: error.cause ?? error })
      : error;
  try {
    await git.checkCanCommit(root, 'leave out --commit');
    const files = await git.untrackedFiles(root, scaffold.filter((path) => lstatOrUndefined(join(root, path))?.isFile()));
    if (files.length === 0) {
      ctx.out('nothing to commit: git already has every file of the scaffold');
      return false;
    }
    const sha = await git.commitFiles(root, files, INIT_COMMIT_MESSAGE, lockWait(ctx));
    ctx.log.commit = sha ?? '';
    ctx.out(`committed ${sha ?? '(git printed no hash)'}  ${INIT_COMMIT_MESSAGE} (${files.length} files)`);
    return true;
  } catch (error) {
    throw again(error);
  }
}

/** The part of `path` that is a link leading out of the repo, if any. */
function linkOut(root: string, path: string): string[] {
  try {
    ensureRepoDir(root, path.endsWith('/') ? path : dirname(path), false);
    return [];
  } catch (error) {
    // A file in the way is reported as blocking, below.
    return error instanceof PdxError && error.code === 'write/symlink' ? [error.message.split(' ')[0]!] : [];
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Parent paths of `path` that exist as something other than a folder. */
function blockingFile(root: string, path: string): string[] {
  const parts = path.replace(/\/$/, '').split('/');
  const blocking: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    const parent = parts.slice(0, i).join('/');
    if (existsSync(join(root, parent)) && !isFolder(join(root, parent))) blocking.push(parent);
  }
  if (path.endsWith('/') && existsSync(join(root, path)) && !isFolder(join(root, path))) blocking.push(path.replace(/\/$/, ''));
  return blocking;
}
