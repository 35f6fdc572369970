import { toJsonPieces } from '../../format/safe-text.js';
import type { ReportFormatter } from './index.js';

/** The contract fields, in a stable order, for scripts: in pieces (a large repo's report is tens of megabytes). */
export const formatJson: ReportFormatter = function* (report) {
  yield* toJsonPieces(report);
  yield '\n';
};
