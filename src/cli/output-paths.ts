import { join, relative, sep } from 'node:path';
import type { GateReport } from '../format/gate.js';
import { shellWord } from '../gates/messages.js';
import { findGitRoot } from '../store/root.js';

/**
 * Each consumer resolves a path from its own place: an editor or terminal from the folder the
 * command ran in (text), a script from the pdx root (json, the contract), and a CI system from the
 * repository's root (GitHub annotations, GitLab Code Quality, JUnit, and the Markdown of a job summary or a review comment): in a monorepo with pdx in
 * `product/`, `product/discovery/…`. Outside git, the pdx root stands in for the repository's.
 */
export function outputBase(format: string, where: { cwd: string; root: string }): string {
  if (format === 'text') return where.cwd;
  if (format === 'github' || format === 'gitlab' || format === 'junit' || format === 'markdown') return findGitRoot(where.root) ?? where.root;
  return where.root;
}

/** A path relative to the pdx root, made relative to `base`, with forward slashes. */
export function rebasePath(file: string, root: string, base: string): string {
  if (base === root) return file;
  return relative(base, join(root, file)).split(sep).join('/');
}

/**
 * A pdx command to run from `base`, the folder the output's paths start at (the git root for the
 * CI formats, so `-C product` in a monorepo), on the pdx folder `root`: `pdx -C product gate mvp`,
 * each word quoted for the shell where it needs it. What an output tells a reader to run for all of it.
 */
export function rerunCommand(base: string, root: string, words: readonly (string | number)[]): string {
  const folder = rebasePath('', root, base);
  return ['pdx', ...(folder === '' ? [] : ['-C', folder]), ...words].map(shellWord).join(' ');
}

/** Every path in a gate report (findings, rule lines, initiatives, handed-off products, problems), made relative to `base`. */
export function rebaseGateReport(report: GateReport, root: string, base: string): GateReport {
  if (base === root) return report;
  const at = (file: string) => rebasePath(file, root, base);
  return {
    ...report,
    initiatives: report.initiatives.map((i) => ({
      ...i,
      file: at(i.file),
      rules: i.rules.map((r) => (r.pass ? { ...r, ...(r.file === undefined ? {} : { file: at(r.file) }) } : { ...r, file: at(r.file), findings: r.findings.map((f) => ({ ...f, file: at(f.file) })) as typeof r.findings })),
    })),
    handedOff: report.handedOff.map((h) => ({ ...h, file: at(h.file) })),
    problems: report.problems.map((p) => ({ ...p, file: at(p.file) })),
  };
}
