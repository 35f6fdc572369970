import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, isMap, isScalar, parseDocument, Scalar, visit } from 'yaml';
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
  let previous: string | undefined;
  for (const [key, value] of Object.entries(values)) {
    // A key the template lacks goes right after the one set before it (`vision` after `name`).
    const map = doc.contents;
    if (!doc.has(key) && previous !== undefined && isMap(map)) {
      const at = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === previous);
      if (at !== -1) map.items.splice(at + 1, 0, doc.createPair(key, value) as (typeof map.items)[number]);
      else doc.set(key, value);
    } else doc.set(key, value);
    previous = key;
  }
  return doc.toString();
}

/**
 * A new record's text from `templates/records/<kind>.yaml`: the template's comments and key
 * order, with its values replaced by `data` (template keys without a value are dropped, extra
 * keys are added at the end). Long text is never folded, multi-line text is a literal block,
 * and lists of small maps are written one item per line.
 */
export function renderRecord(kind: string, data: Record<string, unknown>): string {
  const doc = parseDocument(readFileSync(join(TEMPLATES_DIR, 'records', `${kind}.yaml`), 'utf8'), PARSE_OPTIONS);
  const template = doc.contents;
  if (!isMap(template)) throw new Error(`template for ${kind} is not a map`);
  for (const pair of [...template.items]) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (data[key] === undefined || (Array.isArray(data[key]) && (data[key] as unknown[]).length === 0 && key !== 'claims' && key !== 'keyResults')) doc.delete(key);
  }
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0 && !doc.has(key))) continue;
    const existing = doc.get(key, true);
    if (isMap(existing) && isMap(doc.createNode(value))) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) existing.set(k, styled(doc, v));
    } else {
      doc.set(key, styled(doc, value));
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** Multi-line strings as literal blocks; small maps inside lists on one line each. */
function styled(doc: Document, value: unknown): unknown {
  const node = doc.createNode(value);
  visit(node, {
    Scalar(_, scalar) {
      if (typeof scalar.value === 'string' && scalar.value.includes('\n')) scalar.type = Scalar.BLOCK_LITERAL;
    },
    Seq(_, seq) {
      for (const item of seq.items) {
        if (isMap(item) && item.items.every((p) => isScalar(p.value) && !String(p.value.value).includes('\n'))) item.flow = true;
      }
    },
  });
  return node;
}
