import type { Problem } from '../errors.js';

/** What `pdx validate` found, with file paths already relative to where they will be read. */
export interface ValidationResult {
  problems: Problem[];
  fileCount: number;
}

export interface FormatOptions {
  color: boolean;
  /** The command that prints the same list from the folder the paths start at (Markdown's last line, GitHub's notice of what it left out; default: `pdx validate`). */
  rerun?: string;
}

export type ProblemFormatter = (result: ValidationResult, options: FormatOptions) => string | Promise<string>;

export const PROBLEM_FORMATS = ['text', 'json', 'github', 'gitlab', 'markdown'] as const;
export type ProblemFormat = (typeof PROBLEM_FORMATS)[number];

/** Each formatter lives in its own module, so only the one used is imported. */
export const loadProblemFormatter: (name: ProblemFormat) => Promise<ProblemFormatter> = lazy({
  text: async () => (await import('./problems-text.js')).formatText,
  json: async () => (await import('./problems-json.js')).formatJson,
  github: async () => (await import('./problems-github.js')).formatGithub,
  gitlab: async () => (await import('./problems-gitlab.js')).formatGitlab,
  markdown: async () => (await import('./problems-markdown.js')).formatProblemsMarkdown,
});

/** A loader by name over a table of lazy imports. */
export function lazy<N extends string, F>(table: Record<N, () => Promise<F>>): (name: N) => Promise<F> {
  return (name) => table[name]();
}

export function countBySeverity(problems: Problem[]): { errors: number; warnings: number } {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { errors, warnings: problems.length - errors };
}
