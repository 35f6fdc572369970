import { createHash } from 'node:crypto';
import type { Problem } from '../errors.js';
import { toJson } from './safe-text.js';

/** GitLab's Code Quality severities, mildest first. */
export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/** One issue of a GitLab Code Quality report (the fields GitLab requires, as it documents them). */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

/** An issue before its fingerprint: `identity` says which thing it is about (an initiative, a rule's subject), never where it is. */
export interface IssueDraft {
  description: string;
  check_name: string;
  severity: CodeQualitySeverity;
  path: string;
  line: number | undefined;
  identity: readonly (string | number)[];
}

/**
 * How pdx's severities map to GitLab's: an invalid record is `critical` (pdx cannot read it, so
 * every gate over it fails and reports leave it out); a failing gate rule is `major` (the gate, and
 * the pipeline, fail); any warning is `minor`. `info` and `blocker` are not used.
 */
export function problemSeverity(p: Problem): CodeQualitySeverity {
  return p.severity === 'error' ? 'critical' : 'minor';
}

/** A validation problem as an issue: known by its file, code and message, not its line. */
export function problemIssue(p: Problem): IssueDraft {
  return { description: p.message, check_name: `pdx ${p.code}`, severity: problemSeverity(p), path: p.file, line: p.line, identity: [p.message] };
}

/**
 * The report: a JSON array of issues, each with a fingerprint GitLab matches across pipelines to
 * tell new issues from fixed ones. It hashes the path, the check and the issue's identity, not the
 * line, so it holds when unrelated lines move; identical issues are told apart by their order.
 */
export function formatCodeQuality(drafts: IssueDraft[]): string {
  const seen = new Map<string, number>();
  const issues: CodeQualityIssue[] = drafts.map((d) => {
    const key = JSON.stringify([d.path, d.check_name, ...d.identity]);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const fingerprint = createHash('sha256').update(n === 0 ? key : `${key}#${n}`).digest('hex').slice(0, 32);
    return { description: d.description, check_name: d.check_name, fingerprint, severity: d.severity, location: { path: d.path, lines: { begin: Math.max(1, d.line ?? 1) } } };
  });
  return `${toJson(issues)}\n`;
}
