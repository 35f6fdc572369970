import type { Records } from '../../model/records.js';
import { STAGES, type Stage } from '../../model/vocabulary.js';
import { daysBetween, median } from '../../model/dates.js';
import { isHandedOff } from '../../model/products.js';

export interface StageAge {
  initiative: string;
  stage: Stage;
  enteredOn: string | null;
  days: number | null;
  warnAfterDays: number;
  overdue: boolean;
  /** Where `enteredOn` came from: the history, git (a stage set by hand), or nowhere. */
  source: 'history' | 'git' | 'unknown';
}

/**
 * Days each initiative has spent in its current stage as of `asOf`, against a per-stage
 * threshold (a prompt to check in, not a deadline). `gitDates` fills in stages set by hand.
 */
export function stageAging(records: Records, asOf: string, warnAfter: (stage: Stage) => number, gitDates: (file: string, stage: Stage) => string | undefined = () => undefined): StageAge[] {
  return records.initiative
    .map((r) => {
      const { stage } = r.data;
      const fromHistory = [...r.data.history].reverse().find((h) => h.stage === stage)?.date;
      const git = fromHistory ? undefined : gitDates(r.file, stage);
      // A day git gives after as-of means the stage did not exist yet then: unknown, not negative.
      const fromGit = git !== undefined && git <= asOf ? git : undefined;
      const enteredOn = fromHistory ?? fromGit ?? null;
      const days = enteredOn ? daysBetween(enteredOn, asOf) : null;
      const warnAfterDays = warnAfter(stage);
      return { initiative: r.data.id, stage, enteredOn, days, warnAfterDays, overdue: days !== null && stage !== 'mvp' && days > warnAfterDays, source: fromHistory ? 'history' : fromGit ? 'git' : 'unknown' } as StageAge;
    })
    .sort((a, b) => a.initiative.localeCompare(b.initiative));
}

/** Median days spent in each stage over every recorded transition out of it. */
export function medianDaysInStage(records: Records): Record<Stage, number | null> {
  const spans = Object.fromEntries(STAGES.map((s) => [s, [] as number[]])) as Record<Stage, number[]>;
  for (const r of records.initiative) {
    const { history } = r.data;
    history.forEach((entry, i) => {
      const next = history[i + 1];
      if (next) spans[entry.stage].push(daysBetween(entry.date, next.date));
    });
  }
  return Object.fromEntries(STAGES.map((s) => [s, median(spans[s])])) as Record<Stage, number | null>;
}

/** The discovery funnel: initiatives in discovery per stage, and `graduated`, those handed off to product management. */
export type Funnel = Record<Stage, number> & { graduated: number };

/** Initiatives per stage, every stage present; a handed-off initiative counts as graduated, not in its stage. */
export function funnel(records: Records): Funnel {
  const inDiscovery = records.initiative.filter((r) => !isHandedOff(r.data));
  const stages = Object.fromEntries(STAGES.map((s) => [s, inDiscovery.filter((r) => r.data.stage === s).length])) as Record<Stage, number>;
  return { ...stages, graduated: records.initiative.length - inDiscovery.length };
}
