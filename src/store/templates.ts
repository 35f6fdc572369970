import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { PARSE_OPTIONS } from './yaml-file.js';

/** The `templates/` folder shipped with pdx. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Template files are stored without a leading dot where npm would drop them from the package. */
const DOTTED = new Set(['gitignore']);

/** Every file of a template tree, as destination-relative paths (forward slashes) and source paths. */
export function templateFiles(tree: string): { path: string; source: string }[] {
  const base = join(TEMPLATES_DIR, tree);
  const walk = (dir: string): { path: string; source: string }[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const source = join(dir, entry.name);
      if (entry.isDirectory()) return walk(source);
      const path = relative(base, source).split(sep).join('/');
      const name = entry.name;
      return [{ path: DOTTED.has(name) ? path.replace(new RegExp(`${name}$`), `.${name}`) : path, source }];
    });
  return walk(base).sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * A YAML template with some top-level values set through the Document API, so every guiding
 * comment of the template survives and no YAML is built from strings.
 */
export function renderYamlTemplate(source: string, values: Record<string, unknown>): string {
  const doc = parseDocument(readFileSync(source, 'utf8'), PARSE_OPTIONS);
  for (const [key, value] of Object.entries(values)) doc.set(key, value);
  return doc.toString();
}
