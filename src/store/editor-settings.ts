import { CONFIG_FILE, DATA_DIR, KIND_NAMES } from '../model/kinds.js';
import { RECORD_KINDS } from '../model/index.js';
import { readPlainFile } from './disk.js';
import { findGitRoot } from './root.js';
import { jsoncKeyCount, jsoncProperty, jsoncValue, parseJsonc, setJsonc, type JsoncNode } from './jsonc.js';
import { ensureRepoDir, folderPrefix, lstatOrUndefined } from './safe-path.js';

/**
 * The VS Code files `pdx init` writes so that the YAML extension completes and checks every
 * field: `.vscode/settings.json` mapping each JSON Schema to its files, and
 * `.vscode/extensions.json` recommending the extension. VS Code reads them only at the root of the
 * folder it opened, which for a pdx folder inside a repo (`product/` of a monorepo) is the git
 * root: there they go, with every path relative to it. An existing file is merged into (its
 * comments and formatting kept, only pdx's entries added or updated) or, when that cannot be done
 * safely, left as it is with the exact JSON to add.
 */

/** Where editors find the exported schemas, relative to the pdx folder. */
export const SCHEMA_DIR = '.pdx/schema';

/** The VS Code extension that reads `yaml.schemas`. */
const YAML_EXTENSION = 'redhat.vscode-yaml';

export const SETTINGS_FILE = '.vscode/settings.json';
export const EXTENSIONS_FILE = '.vscode/extensions.json';

/** Larger than any settings file a person writes; a bigger one is left alone. */
const MAX_BYTES = 1024 * 1024;

/**
 * The folder VS Code is opened at: the git work tree holding the pdx folder, or the pdx folder
 * itself outside git (and with `--no-git`).
 */
export function workspaceRoot(pdxRoot: string, useGit: boolean): string {
  return (useGit ? findGitRoot(pdxRoot) : undefined) ?? pdxRoot;
}

/** The YAML extension's mapping, relative to the workspace root: each schema file → the files it describes. */
function editorSchemaMap(workspace: string, pdxRoot: string): Record<string, string> {
  // The pdx folder from the workspace root: '' or `product/`.
  const at = folderPrefix(workspace, pdxRoot);
  const map: Record<string, string> = { [`./${at}${SCHEMA_DIR}/config.schema.json`]: `${at}${CONFIG_FILE}` };
  for (const kind of KIND_NAMES) map[`./${at}${SCHEMA_DIR}/${kind}.schema.json`] = `${at}${DATA_DIR}/${RECORD_KINDS[kind].folder}/**/*.{yaml,yml}`;
  return map;
}

/** What init does with one editor file. */
export type EditorFilePlan = {
  /** Relative to the workspace root. */
  file: string;
  /** What a new file holds, and what to add by hand when pdx cannot merge. */
  fresh: string;
} & (
  | { action: 'create' }
  | { action: 'merge'; before: string; after: string; added: string }
  | { action: 'same' }
  | { action: 'refuse'; reason: string }
);

/** Plans both editor files of the workspace, reading what is there; writes nothing. */
export function planEditorFiles(workspace: string, pdxRoot: string): EditorFilePlan[] {
  const map = editorSchemaMap(workspace, pdxRoot);
  return [
    plan(workspace, SETTINGS_FILE, { 'yaml.schemas': map }, (text) => mergeSettings(text, map)),
    plan(workspace, EXTENSIONS_FILE, { recommendations: [YAML_EXTENSION] }, mergeExtensions),
  ];
}

type Merge = { after: string; added: string } | { reason: string } | 'same';

function plan(workspace: string, file: string, content: unknown, merge: (text: string) => Merge): EditorFilePlan {
  const fresh = `${JSON.stringify(content, null, 2)}\n`;
  const path = `${ensureRepoDir(workspace, '.vscode', false)}/${file.split('/').at(-1)}`;
  const stat = lstatOrUndefined(path);
  if (stat === undefined) return { file, fresh, action: 'create' };
  if (stat.isSymbolicLink()) return { file, fresh, action: 'refuse', reason: 'it is a symbolic link, and pdx does not edit through one' };
  if (!stat.isFile()) return { file, fresh, action: 'refuse', reason: 'it is not a plain file' };
  const bytes = readPlainFile(path, MAX_BYTES);
  if (bytes === undefined) return { file, fresh, action: 'refuse', reason: `it could not be read as a plain file under ${MAX_BYTES / 1024 / 1024} MB` };
  const text = bytes.toString('utf8');
  if (Buffer.compare(Buffer.from(text, 'utf8'), bytes) !== 0) return { file, fresh, action: 'refuse', reason: 'it is not UTF-8 text' };
  const merged = text.trim() === '' ? { after: fresh, added: 'everything' } : merge(text);
  if (merged === 'same') return { file, fresh, action: 'same' };
  if ('reason' in merged) return { file, fresh, action: 'refuse', reason: merged.reason };
  return { file, fresh, action: 'merge', before: text, after: merged.after, added: merged.added };
}

/**
 * Why `key` of `object` is not edited when it is given more than once: an edit would change the
 * first, and VS Code (like JSON.parse) reads only the last.
 */
function repeated(object: JsoncNode, key: string, where = 'in it'): { reason: string } | undefined {
  const count = jsoncKeyCount(object, key);
  if (count < 2) return undefined;
  return { reason: `${JSON.stringify(key)} appears ${count === 2 ? 'twice' : `${count} times`} ${where}, and VS Code reads only the last` };
}

/** A path of `yaml.schemas` as the extension resolves it: `./a` and `a` are one file. */
const samePath = (a: string, b: string) => a.replace(/^(\.\/)+/, '') === b.replace(/^(\.\/)+/, '');

/** Adds pdx's `yaml.schemas` entries (or updates those that point elsewhere), keeping the user's others. */
function mergeSettings(text: string, map: Record<string, string>): Merge {
  const doc = parseJsonc(text);
  if (!doc.ok) return { reason: `it is not valid JSON with comments (line ${doc.line}, column ${doc.column}: ${doc.message})` };
  if (doc.root?.type !== 'object') return { reason: 'it is not a JSON object' };
  const schemas = jsoncProperty(doc.root, 'yaml.schemas');
  // New entries go first in their object, in order: at the end, after the user's last entry, they
  // would take a comment at the end of its line (`"a": "b", // why`) onto their own line.
  if (schemas === undefined) return { after: setJsonc(text, ['yaml.schemas'], map, 0), added: `${Object.keys(map).length} yaml.schemas entries added` };
  if (schemas.type !== 'object') return { reason: '"yaml.schemas" in it is not an object' };
  const existing = jsoncValue(schemas) as Record<string, unknown>;
  let after = text;
  let added = 0;
  let updated = 0;
  for (const [schema, glob] of Object.entries(map)) {
    const key = Object.keys(existing).find((k) => samePath(k, schema));
    const value = key === undefined ? undefined : existing[key];
    if (value === glob || (Array.isArray(value) && value.includes(glob))) continue;
    const refused = repeated(doc.root, 'yaml.schemas') ?? (key === undefined ? undefined : repeated(schemas, key, 'in its "yaml.schemas"'));
    if (refused) return refused;
    after = setJsonc(after, ['yaml.schemas', key ?? schema], glob, added);
    if (key === undefined) added++;
    else updated++;
  }
  if (added + updated === 0) return 'same';
  return { after, added: [added && `${added} yaml.schemas ${added === 1 ? 'entry' : 'entries'} added`, updated && `${updated} updated`].filter(Boolean).join(', ') };
}

/** Adds the YAML extension to `recommendations`, unless it is there or the user listed it as unwanted. */
function mergeExtensions(text: string): Merge {
  const doc = parseJsonc(text);
  if (!doc.ok) return { reason: `it is not valid JSON with comments (line ${doc.line}, column ${doc.column}: ${doc.message})` };
  if (doc.root?.type !== 'object') return { reason: 'it is not a JSON object' };
  // Extension ids are case-insensitive.
  const listed = (key: string) => {
    const value = jsoncValue(jsoncProperty(doc.root!, key));
    return Array.isArray(value) && value.some((id) => typeof id === 'string' && id.toLowerCase() === YAML_EXTENSION);
  };
  if (listed('recommendations') || listed('unwantedRecommendations')) return 'same';
  const recommendations = jsoncProperty(doc.root, 'recommendations');
  if (recommendations === undefined) return { after: setJsonc(text, ['recommendations'], [YAML_EXTENSION], 0), added: `${YAML_EXTENSION} recommended` };
  if (recommendations.type !== 'array') return { reason: '"recommendations" in it is not an array' };
  return repeated(doc.root, 'recommendations') ?? { after: setJsonc(text, ['recommendations', -1], YAML_EXTENSION), added: `${YAML_EXTENSION} recommended` };
}
