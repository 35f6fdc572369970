import { Chalk } from 'chalk';
import { checklistLines, type ChecklistRule } from './checklist.js';
import { safeLine } from './safe-text.js';

/** Where an initiative is and what its next gate needs, as `pdx stage` and `pdx advance` print it. */
export interface StageView {
  id: string;
  stage: string;
  enteredOn: string | null;
  days: number | null;
  /** The next stage, or null at mvp. */
  next: string | null;
  ready: boolean | null;
  /** The next gate's rules; at mvp, the mvp gate's (the handoff needs it). */
  rules: ChecklistRule[];
  /** At mvp and not handed off: the handoff command, the next step. */
  handoff?: string | null;
  /** Set once the initiative is handed to product management: no gate applies any more. */
  productManagement?: { domain: string; since: string } | null;
}

/** `x is in validation since …`, then the next gate as a checklist. */
export function formatStage(s: StageView, { color }: { color: boolean }): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const since = s.enteredOn ? `since ${s.enteredOn} (${s.days} ${s.days === 1 ? 'day' : 'days'})` : c.yellow('entry date unknown: the stage is not in its history (hand-edited?)');
  return [`${c.bold(safeLine(s.id))} is in ${c.bold(safeLine(s.stage))} ${since}`, ...nextGateLines(s, c, color)].join('\n');
}

/** `x: validation → prototyping`, then the next gate as a checklist: what a successful `advance` prints. */
export function formatMove(s: StageView & { from: string }, { color }: { color: boolean }): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  return [`${c.bold(safeLine(s.id))}: ${safeLine(s.from)} → ${c.bold(safeLine(s.stage))}`, ...nextGateLines(s, c, color)].join('\n');
}

function nextGateLines(s: StageView, c: InstanceType<typeof Chalk>, color: boolean): string[] {
  const pm = s.productManagement;
  if (pm) {
    const id = safeLine(s.id);
    return [`in product management (domain ${safeLine(pm.domain)}) since ${safeLine(pm.since)}: gates no longer apply; start an expansion with pdx expand ${id} --title "…"`];
  }
  if (s.next === null && s.handoff) {
    const step = s.ready ? c.green(`ready (${safeLine(s.handoff)})`) : c.red('not ready yet: it needs the mvp gate to pass');
    return [`next: handoff to product management — ${step}`, ...checklistLines(s.rules, { color })];
  }
  if (s.next === null) return ['mvp is the last stage.'];
  return [`next: ${safeLine(s.next)} — ${s.ready ? c.green(`ready to advance (pdx advance ${safeLine(s.id)})`) : c.red('not ready yet')}`, ...checklistLines(s.rules, { color })];
}
