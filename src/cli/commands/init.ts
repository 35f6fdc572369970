import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EXIT } from '../../errors.js';
import { CONFIG_FILE, DATA_DIR, KIND_NAMES, RECORD_KINDS } from '../../model/index.js';
import { exportSchemas } from '../../model/json-schema.js';
import { findGitRoot } from '../../store/root.js';
import { renderYamlTemplate, templateFiles } from '../../store/templates.js';
import { writeNewFile } from '../../store/write.js';
import type { Context } from '../context.js';

export interface InitOptions {
  name?: string;
  git: boolean;
}

/** Where editors find the exported schemas, relative to the root. */
export const SCHEMA_DIR = '.pdx/schema';

/**
 * `pdx init`: scaffolds the config, the record folders, JSON Schemas and VS Code schema hints.
 * Creates only what is missing and never touches an existing file, so re-running is harmless.
 */
export async function init(ctx: Context, options: InitOptions): Promise<number> {
  const root = ctx.cwd;
  mkdirSync(root, { recursive: true });
  const created: string[] = [];
  const kept: string[] = [];

  if (options.git && !findGitRoot(root)) {
    const { gitInit } = await import('../../git/index.js');
    if (await gitInit(root)) ctx.out('initialised an empty git repository');
    else ctx.err('pdx: git is not installed, so no git repository was created (pass --no-git to skip this step)');
  }

  const configExists = existsSync(join(root, CONFIG_FILE));
  let name = options.name?.trim();
  if (!name && !configExists && ctx.interactive) {
    const { askText } = await import('../prompts.js');
    name = await askText('Product team or organisation name (shown in reports):', basename(root));
  }

  const files = new Map<string, () => string>();
  for (const { path, source } of templateFiles('init')) {
    files.set(path, () =>
      path === CONFIG_FILE ? renderYamlTemplate(source, { name: name || basename(root) }) : readFileSync(source, 'utf8'),
    );
  }
  for (const [kind, json] of Object.entries(exportSchemas())) {
    files.set(`${SCHEMA_DIR}/${kind}.schema.json`, () => `${JSON.stringify(json, null, 2)}\n`);
  }
  files.set('.vscode/settings.json', () => `${JSON.stringify({ 'yaml.schemas': editorSchemaMap() }, null, 2)}\n`);

  for (const [path, render] of files) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    if (existsSync(target) || !writeNewFile(target, render())) kept.push(path);
    else created.push(path);
  }
  for (const kind of KIND_NAMES) {
    const folder = `${DATA_DIR}/${RECORD_KINDS[kind].folder}/`;
    if (!existsSync(join(root, folder))) {
      mkdirSync(join(root, folder), { recursive: true });
      created.push(folder);
    }
  }

  for (const path of created) ctx.out(`created  ${path}`);
  if (created.length === 0) {
    ctx.out(`nothing to do: this pdx repo is already set up (${kept.length} files already there, none changed)`);
    ctx.out(`to refresh the JSON Schemas after upgrading pdx: pdx schema --out ${SCHEMA_DIR}`);
  } else {
    if (kept.length > 0) ctx.out(`left alone (already there): ${kept.join(', ')}`);
    ctx.out(`\nready. Next: write your first initiative as ${DATA_DIR}/initiatives/<id>.yaml (see ${DATA_DIR}/README.md), then run pdx validate`);
  }
  const settings = join(root, '.vscode/settings.json');
  if (kept.includes('.vscode/settings.json') && !readFileSync(settings, 'utf8').includes('yaml.schemas')) {
    ctx.out(`\nfor field completion in VS Code, add to .vscode/settings.json:\n${JSON.stringify({ 'yaml.schemas': editorSchemaMap() }, null, 2)}`);
  }
  return EXIT.ok;
}

/** VS Code YAML extension mapping: which schema applies to which files. */
function editorSchemaMap(): Record<string, string> {
  const map: Record<string, string> = { [`./${SCHEMA_DIR}/config.schema.json`]: CONFIG_FILE };
  for (const kind of KIND_NAMES) {
    map[`./${SCHEMA_DIR}/${kind}.schema.json`] = `${DATA_DIR}/${RECORD_KINDS[kind].folder}/**/*.{yaml,yml}`;
  }
  return map;
}
