import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT } from './helpers.js';

/**
 * The layers of `src/`, top to bottom (ARCHITECTURE.md): a module may import its own folder and
 * any folder of a lower layer, never one of its own layer or above — type-only imports included.
 */
const LAYERS: Record<string, number> = {
  cli: 6,
  engine: 5,
  authoring: 4,
  reports: 4,
  gates: 3,
  git: 3,
  store: 2,
  model: 1,
  format: 1,
  'errors.ts': 0,
};

const SRC = join(PROJECT, 'src');

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const layerOf = (file: string) => relative(SRC, file).split(sep)[0]!;

/** Every relative import of every module: `from '…'`, `import('…')`, `export … from '…'`. */
function imports(): { from: string; to: string }[] {
  return modules(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => ({ from: file, to: resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')) })),
  );
}

describe('the layers of src/', () => {
  it('every folder has a layer', () => {
    const folders = readdirSync(SRC);
    expect(folders.filter((f) => LAYERS[f] === undefined)).toEqual([]);
  });

  it('nothing imports its own layer or above, type-only imports included', () => {
    const upward = imports()
      .filter(({ from, to }) => layerOf(from) !== layerOf(to) && LAYERS[layerOf(to)]! >= LAYERS[layerOf(from)]!)
      .map(({ from, to }) => `${relative(SRC, from)} → ${relative(SRC, to)}`);
    expect(upward).toEqual([]);
  });

  it('finds the imports it checks (a scan that finds none would pass anything)', () => {
    const all = imports();
    expect(all.length).toBeGreaterThan(300);
    expect(all.some(({ from, to }) => from.endsWith(join('cli', 'commands', 'gate.ts')) && to.endsWith(join('engine', 'gate.ts')))).toBe(true);
  });
});
