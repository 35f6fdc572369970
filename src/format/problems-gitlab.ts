import { formatCodeQuality, problemIssue } from './code-quality.js';
import type { ProblemFormatter } from './problems.js';

/** GitLab Code Quality JSON (for the merge request widget): each problem an issue on its file and line; invalid records `critical`, warnings `minor`. */
export const formatGitlab: ProblemFormatter = ({ problems }) => formatCodeQuality(problems.map(problemIssue));
