#!/usr/bin/env node
// Bundles the CLI and every library it uses into dist/cli/pdx.cjs, the one file the published
// package runs (so installing pdx downloads no dependency). `npm run build` runs it after tsc; bin/pdx
// runs it on the first command in a clone that has not been built (`npm ci` builds nothing, so
// that installing the package runs no install script).
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Writes the bundle to `outfile` (whole or not at all: a parallel pdx never runs half a file). */
export async function bundle(outfile = join(ROOT, 'dist/cli/pdx.cjs')) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Everything is bundled, the lazily imported commands and libraries too: nothing is external.
    write: false,
    outfile,
    // The bundle finds package.json and templates/ from its own place, as the modules did.
    define: { 'import.meta.url': '__pdxModuleUrl' },
    banner: { js: "const __pdxModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  mkdirSync(dirname(outfile), { recursive: true });
  const temp = `${outfile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, result.outputFiles[0].contents);
    renameSync(temp, outfile);
  } finally {
    rmSync(temp, { force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bundle(process.argv[2]);
}
