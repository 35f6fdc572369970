import { toJson } from '../../format/safe-text.js';
import type { ReportFormatter } from './index.js';

/** The contract fields, in a stable order, for scripts. */
export const formatJson: ReportFormatter = (report) => `${toJson(report)}\n`;
