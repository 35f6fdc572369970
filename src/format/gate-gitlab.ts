import { formatCodeQuality, problemIssue, type IssueDraft } from './code-quality.js';
import { findingLine, type GateFormatter } from './gate.js';

/** The finding's data that names what it is about (a hypothesis, a claim, a role, a kind…), not counts or dates that change as work is logged. */
const IDENTITY = ['hypothesis', 'claim', 'role', 'kind', 'experiment', 'okr', 'kr', 'customer', 'domain', 'type'];

/**
 * GitLab Code Quality JSON: each finding of a failing rule an issue at its file and line (`major`
 * for an error rule, `minor` for a warning) with the command that fixes it, and validation
 * problems (invalid records `critical`). A finding is known by its initiative, rule, message id and
 * subject, so its fingerprint survives edits elsewhere in the file.
 */
export const formatGateGitlab: GateFormatter = (report) => {
  const drafts: IssueDraft[] = report.problems.map(problemIssue);
  for (const i of report.initiatives) {
    for (const r of i.rules) {
      for (const f of r.findings) {
        const subject = IDENTITY.filter((k) => f.data[k] !== undefined).map((k) => `${k}=${f.data[k]}`);
        drafts.push({
          description: findingLine(i.id, report.stage, f),
          check_name: `pdx gate ${report.stage}/${r.id}`,
          severity: r.severity === 'error' ? 'major' : 'minor',
          path: f.file,
          line: f.line,
          identity: [i.id, f.messageId, ...subject],
        });
      }
    }
  }
  return formatCodeQuality(drafts);
};
