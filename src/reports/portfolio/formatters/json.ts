import { toJson } from '../../../format/safe-text.js';
import type { PortfolioFormatter } from './index.js';

/** The Portfolio as is, for scripts. */
export const formatPortfolioJson: PortfolioFormatter = (p) => `${toJson(p)}\n`;
