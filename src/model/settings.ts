import type { Config } from './config.js';
import type { ROLES } from './vocabulary.js';

/**
 * The defaults of `pdx.yaml`'s settings, and each setting as a command uses it: one place that
 * says what an unset value means. Free of zod (a type import of the config only), so any command
 * may read it without loading the schema library.
 */

/** A key result with no check-in for this many days is stale (`report.krStaleAfterDays`). */
export const KR_STALE_DAYS = 14;
/** The roles a domain team needs (`domains.roles`): the source's product manager, designer, lead engineer, data analyst and user researcher. */
export const DEFAULT_DOMAIN_ROLES: readonly (typeof ROLES)[number][] = ['product-manager', 'designer', 'engineering-lead', 'data-analyst', 'ux-researcher'];
/** The two-sided significance level a validated A/B result must reach (`experiments.significance`). */
export const DEFAULT_SIGNIFICANCE = 0.05;
/** The power sample sizes are planned for (`experiments.power`). */
export const DEFAULT_POWER = 0.8;

export const krStaleDays = (config: Config | undefined): number => config?.report?.krStaleAfterDays ?? KR_STALE_DAYS;
export const domainRoles = (config: Config | undefined): readonly (typeof ROLES)[number][] => config?.domains?.roles ?? DEFAULT_DOMAIN_ROLES;
export const significanceOf = (config: Config | undefined): number => config?.experiments?.significance ?? DEFAULT_SIGNIFICANCE;
export const powerOf = (config: Config | undefined): number => config?.experiments?.power ?? DEFAULT_POWER;
