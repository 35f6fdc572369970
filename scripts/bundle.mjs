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
    plugins: [esmBuildOf('jsonc-parser', 'lib/esm/main.js')],
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

/**
 * Bundles a package's own ES module build instead of the UMD one its `main` names: a UMD wrapper
 * hands `require` to its factory as a parameter, so esbuild cannot see (or bundle) the files it
 * requires, and the bundle would fail at run time.
 */
function esmBuildOf(name, file) {
  return {
    name: `esm-build-of-${name}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${name}$`) }, () => ({ path: join(ROOT, 'node_modules', name, file) }));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bundle(process.argv[2]);
}
