#!/usr/bin/env node
// The floors pdx validate is measured against: what any Node tool must spend on the same files.
//   node bench/floor.mjs read DIR        read every record file, nothing else
//   node bench/floor.mjs yaml DIR        read every record file and parse it with `yaml` (parseDocument)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [mode, dir] = process.argv.slice(2);
if (!['read', 'yaml'].includes(mode) || !dir) {
  console.error('usage: node bench/floor.mjs read|yaml DIR');
  process.exit(2);
}
const parse = mode === 'yaml' ? (await import('yaml')).parseDocument : undefined;
let files = 0;
let bytes = 0;
for (const entry of readdirSync(join(dir, 'discovery'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.yaml')) continue;
  const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  if (parse) parse(text).toJS();
  files++;
  bytes += text.length;
}
console.log(`${files} files, ${(bytes / 1e6).toFixed(1)} MB`);
