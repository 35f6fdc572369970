#!/usr/bin/env node
// Bundles the CLI and every library it uses into dist/cli/pdx.cjs, the file the published package
// runs (so installing pdx downloads no dependency), and `pdx mcp`'s server with the MCP SDK into
// dist/cli/mcp.cjs beside it, which only `pdx mcp` loads. `npm run build` runs it after tsc; bin/pdx
// runs it on the first command in a clone that has not been built (`npm ci` builds nothing, so
// that installing the package runs no install script).
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Writes the bundles to `outfile` and `mcp.cjs` beside it, each whole or not at all (a parallel pdx
 * never runs half a file); mcp.cjs first, so that a pdx.cjs is never without the server it loads.
 */
export async function bundle(outfile = join(ROOT, 'dist/cli/pdx.cjs')) {
  const { build } = await import('esbuild');
  const options = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    // The bundle finds package.json and templates/ from its own place, as the modules did.
    define: { 'import.meta.url': '__pdxModuleUrl' },
    banner: { js: "const __pdxModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    minifyWhitespace: true,
    minifySyntax: true,
    // ASCII only (non-ASCII characters escaped; esbuild leaves them in regular expressions, which
    // the build then refuses): bin/pdx decodes the bundle as latin1, several times faster than UTF-8.
    charset: 'ascii',
    logLevel: 'warning',
    // jsonc-parser's own ES module build, not the UMD one its `main` names: a UMD wrapper hands
    // `require` to its factory as a parameter, so esbuild could not see (or bundle) what it requires.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  };
  const mcpFile = join(dirname(outfile), 'mcp.cjs');
  // The server and the SDK; what it needs of the CLI, program.ts hands it (McpHost).
  const server = await build({ ...options, entryPoints: [join(ROOT, 'src/cli/mcp.ts')], outfile: mcpFile });
  // The CLI and every library it uses, the lazily imported commands too; `import('./mcp.js')` is
  // a require of mcp.cjs beside the bundle at run time.
  const cli = await build({ ...options, entryPoints: [join(ROOT, 'src/cli/main.ts')], outfile, plugins: [besideAtRunTime('./mcp.js', './mcp.cjs'), zodEnglishOnly()] });
  for (const { path, contents } of [...server.outputFiles, ...cli.outputFiles]) {
    const at = contents.findIndex((byte) => byte > 0x7f);
    if (at >= 0) throw new Error(`${path}: a character that is not ASCII at byte ${at} (a regular expression's? write it as \\u{...})`);
  }
  mkdirSync(dirname(outfile), { recursive: true });
  writeWhole(mcpFile, server.outputFiles[0].contents);
  writeWhole(outfile, cli.outputFiles[0].contents);
}

function writeWhole(file, contents) {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, contents);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * zod's messages in English only: its `locales` namespace (forty translations, 300 KB, 15 % of the
 * bundle) is never used by pdx, which words every message itself, and would be compiled by every
 * command that checks a record. English is what zod itself uses by default.
 */
function zodEnglishOnly() {
  return {
    name: 'zod-english-only',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: join(args.resolveDir, '../locales/en.js'), namespace: 'zod-locales' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, loader: 'js', resolveDir: dirname(args.path) }));
    },
  };
}

/**
 * Leaves an import of `specifier` from program.ts out of the bundle, as a require of `file` next to
 * the bundle (a require, not an `import()`: bin/pdx runs the bundle as a script, which has no
 * dynamic import).
 */
function besideAtRunTime(specifier, file) {
  return {
    name: `beside-${file}`,
    setup(build) {
      const exact = (text) => new RegExp(`^${text.replace(/[.]/g, '\\.')}$`);
      build.onResolve({ filter: exact(specifier) }, (args) => (args.importer === join(ROOT, 'src/cli/program.ts') ? { path: file, namespace: 'beside' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'beside' }, () => ({ contents: `module.exports = require(${JSON.stringify(file)});`, loader: 'js' }));
      build.onResolve({ filter: exact(file) }, (args) => (args.namespace === 'beside' ? { path: file, external: true } : undefined));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bundle(process.argv[2]);
}
