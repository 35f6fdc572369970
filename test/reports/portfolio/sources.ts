import type { Report } from '../../../src/reports/build.js';
import { minimalRepo, runPdx } from '../../helpers.js';

export const AS_OF = '2026-11-27';

/** `pdx report --json` of a repo, as its CI would produce it. */
export async function summaryOf(dir: string, asOf = AS_OF): Promise<Report> {
  const result = await runPdx(['-C', dir, 'report', '--json', '--as-of', asOf, '--since', '4w']);
  if (result.code !== 0) throw new Error(`pdx report in ${dir}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Report;
}

const initiative = (id: string, stage: string, team: string[], extra = '') => `id: ${id}
title: Quotes in a minute (${id})
stage: ${stage}
team:
${team.map((name) => `  - { name: "${name}", role: product-manager }`).join('\n')}
history:
  - { stage: immersion, date: 2026-09-01 }
${stage === 'immersion' ? '' : `  - { stage: ${stage}, date: 2026-10-19, forced: true, reason: test }\n`}${extra}`;

const evidence = (n: number, initiative: string, date: string) => `id: e${n}
initiative: ${initiative}
date: ${date}
source: interview
customer: C-00${n}
note: Talked.
`;

/**
 * Two teams with the SAME initiative id `rapid-quotes`:
 * - sales: touchpoint target 1, four touchpoints in the 4-week window (1 a week: at its target),
 *   Maya Okafor and Ben on rapid-quotes (budget 100000), Lena on the `freight` domain;
 * - ops: the default target 3, no touchpoints, " maya okafor " (the same person) and Kim on its
 *   rapid-quotes, and one invalid record.
 */
export function salesRepo(): string {
  return minimalRepo({
    'pdx.yaml': 'version: 1\nname: Sales team\nreport:\n  experimentsPerWeek:\n    touchpoints: 1\n',
    'discovery/initiatives/rapid-quotes.yaml': initiative('rapid-quotes', 'validation', ['Maya Okafor', 'Ben Adler'], 'budget: 100000\n'),
    ...Object.fromEntries([1, 2, 3, 4].map((n) => [`discovery/evidence/rapid-quotes/e${n}.yaml`, evidence(n, 'rapid-quotes', ['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24'][n - 1]!)])),
    'discovery/domains/freight.yaml': 'id: freight\nname: Freight booking\npurpose: Shippers book freight fast\nteam:\n  - { name: Lena Fischer, role: product-manager }\n',
  });
}

export function opsRepo(): string {
  return minimalRepo({
    'pdx.yaml': 'version: 1\nname: Ops — Team\n',
    'discovery/initiatives/rapid-quotes.yaml': initiative('rapid-quotes', 'hypothesis', [' maya okafor ', 'Kim Park']),
    'discovery/initiatives/broken.yaml': 'id: broken\ntitle: Broken\nstage: nowhere\n',
  });
}
