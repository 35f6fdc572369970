import type { Problem } from '../errors.js';
import { validateRecord } from '../model/describe.js';
import { PathSourceSchema, PortfolioShellSchema, UrlSourceSchema, type Portfolio, type PortfolioSource } from '../model/portfolio.js';
import { dirname } from 'node:path';
import { decodeText, readFileBytes } from './read.js';
import { locate, parseYamlFile } from './yaml-file.js';

/**
 * Reads and checks `portfolio.yaml` at `absolute` (named `file` in messages). Never throws: an
 * unreadable file, bad YAML, unknown keys, a source with both `path` and `url` or neither, and
 * two sources of one name all come back as located problems; `portfolio` is set only without any.
 */
export function readPortfolioFile(absolute: string, file: string): { portfolio?: Portfolio; problems: Problem[] } {
  const read = readFileBytes(absolute, file, dirname(absolute));
  if ('problem' in read) return { problems: [read.problem] };
  const decoded = decodeText(read.bytes, file);
  if ('problem' in decoded) return { problems: [decoded.problem] };
  const parsed = parseYamlFile(file, decoded.text);
  if (parsed.value === undefined) return { problems: parsed.problems };
  const { yaml } = parsed;
  const problems = [...parsed.problems];
  const at = (path: (string | number)[], target: 'value' | 'key' | 'parent', code: string, message: string) =>
    problems.push({ file, ...locate(yaml, path, target), severity: 'error', code, message });

  const shell = validateRecord(PortfolioShellSchema, parsed.value);
  if (!shell.ok) {
    for (const issue of shell.issues) at(issue.path, issue.target, issue.code, issue.message);
    return { problems };
  }
  const sources: PortfolioSource[] = [];
  shell.data.sources.forEach((raw, i) => {
    const source = checkSource(raw, i, at);
    if (source) sources.push(source);
  });
  const seen = new Map<string, number>();
  sources.forEach((source, i) => {
    if (source.name === undefined) return;
    const first = seen.get(source.name);
    if (first === undefined) seen.set(source.name, i);
    else at(['sources', i, 'name'], 'value', 'portfolio/duplicate-name', `two sources are named \`${source.name}\` (sources[${first}] and sources[${i}]): each source needs its own name, the prefix of its ids`);
  });
  if (problems.some((p) => p.severity === 'error')) return { problems };
  return { portfolio: { ...shell.data, sources }, problems };
}

function checkSource(
  raw: unknown,
  i: number,
  at: (path: (string | number)[], target: 'value' | 'key' | 'parent', code: string, message: string) => void,
): PortfolioSource | undefined {
  const path = ['sources', i];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    at(path, 'value', 'schema/type', `sources[${i}] must be a map with \`path\` (a local folder) or \`url\` (a git repository)`);
    return undefined;
  }
  const keys = raw as Record<string, unknown>;
  if ('path' in keys && 'url' in keys) {
    at([...path, 'url'], 'key', 'portfolio/path-and-url', `sources[${i}] has both \`path\` and \`url\`: a source is a local folder or a git repository, not both`);
    return undefined;
  }
  if (!('path' in keys) && !('url' in keys)) {
    at(path, 'value', 'portfolio/no-location', `sources[${i}] needs \`path\` (a local pdx folder) or \`url\` (a git repository)`);
    return undefined;
  }
  const result = validateRecord('path' in keys ? PathSourceSchema : UrlSourceSchema, raw);
  if (result.ok) return result.data;
  for (const issue of result.issues) at([...path, ...issue.path], issue.target, issue.code, issue.message);
  return undefined;
}
