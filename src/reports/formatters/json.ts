import type { ReportFormatter } from './index.js';

/** The contract fields, in a stable order, for scripts. */
export const formatJson: ReportFormatter = (report) => `${JSON.stringify(report, null, 2)}\n`;
