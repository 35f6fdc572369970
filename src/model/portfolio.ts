import { z } from 'zod';
import { IdSchema, TextSchema } from './common.js';

/** The file that lists a portfolio's sources, found like `pdx.yaml` (the nearest at or above the folder pdx runs in). */
export const PORTFOLIO_FILE = 'portfolio.yaml';

/** A source's `name`: the prefix of its ids (`sales-team` in `sales-team:rapid-quotes`), so it is an id itself. */
const SourceNameSchema = IdSchema.describe('the prefix of this source\'s ids in the portfolio (sales-team in sales-team:rapid-quotes); default: the name in its pdx.yaml');

/** A path, ref or sub-folder becomes a git or file-system argument: never an option, never a control character. */
const ArgumentSchema = z
  .string()
  .min(1)
  .regex(/^[^-\s][^\0-\x1f\x7f]*$/, { error: 'text that does not start with a dash or a space and has no control characters' });

/** A sub-folder inside a repository: relative, with `/`, never leaving it. */
const DirSchema = ArgumentSchema.regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$)).+$/, { error: 'a folder inside the repository, written relative to its top with /, e.g. teams/sales' });

/** A local pdx repo, or a folder of one (a monorepo's team folder): relative to portfolio.yaml's folder, or absolute. */
export const PathSourceSchema = z.strictObject({
  name: SourceNameSchema.optional(),
  path: ArgumentSchema.describe('a local pdx repository or folder, relative to the folder of portfolio.yaml'),
});

/** A git repository, read with git itself: at `ref` (default its default branch), from the pdx folder `dir` inside it (default its top). */
export const UrlSourceSchema = z.strictObject({
  name: SourceNameSchema.optional(),
  url: ArgumentSchema.describe('a git URL (https://, ssh, git@host:path or file://)'),
  ref: ArgumentSchema.regex(/^[A-Za-z0-9._/@+-]+$/, { error: 'a branch, tag or commit, e.g. main or v1.2' }).optional().describe('a branch, tag or commit (default: the repository\'s default branch)'),
  dir: DirSchema.optional().describe('the folder holding pdx.yaml inside the repository (default: its top)'),
});

/** `portfolio.yaml`: the sources a portfolio adds up, in the order its views list them. */
export const PortfolioSchema = z.strictObject({
  /** The organisation or portfolio, shown at the top of its views. */
  name: TextSchema.optional().describe('the organisation or portfolio, shown at the top of its views'),
  sources: z.array(z.union([PathSourceSchema, UrlSourceSchema])).min(1, { error: 'a portfolio needs at least one source' }),
});

export type PathSource = z.output<typeof PathSourceSchema>;
export type UrlSource = z.output<typeof UrlSourceSchema>;
export type PortfolioSource = PathSource | UrlSource;
export type Portfolio = z.output<typeof PortfolioSchema>;

/** The top-level schema with its sources left unchecked: each source is checked by the schema of its kind, for messages that name its own fields. */
export const PortfolioShellSchema = PortfolioSchema.extend({ sources: z.array(z.unknown()).min(1, { error: 'a portfolio needs at least one source' }) });

/** Where a source was read from, as the user wrote it: its path, or `url@ref:dir`. */
export function sourceOrigin(source: PortfolioSource): string {
  return 'path' in source ? source.path : `${source.url}${source.ref ? `@${source.ref}` : ''}${source.dir ? `:${source.dir}` : ''}`;
}
