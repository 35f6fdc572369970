import type { Problem } from '../errors.js';

/** What `pdx validate` found, with file paths already relative to where they will be read. */
export interface ValidationResult {
  problems: Problem[];
  fileCount: number;
}

export interface FormatOptions {
  color: boolean;
}

export type ProblemFormatter = (result: ValidationResult, options: FormatOptions) => string | Promise<string>;

export const PROBLEM_FORMATS = ['text', 'json', 'github'] as const;
export type ProblemFormat = (typeof PROBLEM_FORMATS)[number];

/** Loads one formatter by name; each lives in its own module so only the one used is imported. */
export async function loadProblemFormatter(name: ProblemFormat): Promise<ProblemFormatter> {
  switch (name) {
    case 'text':
      return (await import('./problems-text.js')).formatText;
    case 'json':
      return (await import('./problems-json.js')).formatJson;
    case 'github':
      return (await import('./problems-github.js')).formatGithub;
  }
}

export function countBySeverity(problems: Problem[]): { errors: number; warnings: number } {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { errors, warnings: problems.length - errors };
}
