import type { GateFormatter } from './gate.js';
import { toJson } from './safe-text.js';

/** The contract's `{ ok, stage, initiatives: [{ id, stage, pass, rules: [...] }] }`, each rule with its located findings and their fixes, the initiatives not evaluated because they were handed off (`handedOff: [{ id, stage, domain, since }]`), plus validation errors. */
export const formatGateJson: GateFormatter = (report) =>
  `${toJson({
    ok: report.ok,
    stage: report.stage,
    initiatives: report.initiatives.map(({ id, stage, pass, rules }) => ({
      id,
      stage,
      pass,
      rules: rules.map(({ id: rule, gate, pass: holds, severity, message, file, line, column, findings }) => ({
        id: rule,
        gate,
        pass: holds,
        severity,
        message,
        file,
        line,
        column,
        findings: findings.map((f) => ({ messageId: f.messageId, data: f.data, message: f.message, fix: f.fix, file: f.file, line: f.line, column: f.column })),
      })),
    })),
    // Not evaluated: gates no longer apply to a product in product management.
    handedOff: report.handedOff.map(({ id, stage, domain, since }) => ({ id, stage, domain, since })),
    errors: report.problems.filter((p) => p.severity === 'error').map(({ file, line, column, code, message }) => ({ file, line, column, code, message })),
    warnings: report.problems.filter((p) => p.severity === 'warning').map(({ file, line, column, code, message }) => ({ file, line, column, code, message })),
  })}\n`;
