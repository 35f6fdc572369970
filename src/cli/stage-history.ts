import type { Problem } from '../errors.js';
import { DATA_DIR, KIND_FOLDERS } from '../model/kinds.js';
import type { LoadedRecord } from '../model/records.js';
import type { Repo } from '../store/load.js';

/**
 * History integrity: a current stage with no history entry was set by hand. Reported as a
 * warning with the day git saw it appear (one git call for all initiatives).
 */
export async function unrecordedStages(repo: Repo, initiatives: LoadedRecord<'initiative'>[]): Promise<Problem[]> {
  const hand = initiatives.filter((r) => !r.data.history.some((h) => h.stage === r.data.stage));
  if (hand.length === 0) return [];
  const { stageDatesFromHistory } = await import('../git/index.js');
  const { dates, shallow, available } = await stageDatesFromHistory(repo.root, `${DATA_DIR}/${KIND_FOLDERS.initiative}`);
  return hand.map((r) => {
    const seen = dates.get(r.file)?.get(r.data.stage);
    const when = seen
      ? `git shows it set on ${seen}`
      : !available
        ? 'there is no git history to date it'
        : shallow
          ? 'git history is shallow here, so the day it was set is unknown'
          : 'it is not in git history yet (uncommitted?)';
    return repo.toProblem({ record: r, path: ['stage'], severity: 'warning', code: 'history/unrecorded-stage', message: `stage ${r.data.stage} has no history entry, so it was set by hand; ${when}. pdx advance records moves` });
  });
}

