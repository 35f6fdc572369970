import { findRecord } from '../authoring/plan.js';
import type { Problem } from '../errors.js';
import type { ChecklistRule } from '../format/checklist.js';
import { evaluateGate, type GateResult } from '../gates/engine.js';
import { shellWord } from '../gates/messages.js';
import { daysBetween } from '../model/dates.js';
import { nextStage, stageAsOf } from '../model/history.js';
import type { Stage } from '../model/vocabulary.js';
import { handoffAsOf } from './gate.js';
import { unrecordedStages } from './stage-dates.js';
import type { Workspace } from './workspace.js';

export interface StageStatus {
  id: string;
  stage: Stage;
  enteredOn: string | null;
  days: number | null;
  next: Stage | null;
  /** Whether the next gate passes: at mvp, the mvp gate the handoff needs; null once handed off. */
  ready: boolean | null;
  /** The gate of the next stage; at mvp, the mvp gate (the handoff's); undefined once handed off. */
  gate?: GateResult;
  /** That gate's rules as a checklist, each finding with its fix (none once handed off). */
  rules: ChecklistRule[];
  /** At mvp and not handed off: the handoff, its next step (`pdx handoff ID --domain …`). */
  handoff: string | null;
  /** A stage set by hand, dated from git when it can be. */
  warnings: Problem[];
  /** Set when the initiative was handed to product management by then: no gate applies to it. */
  productManagement: { domain: string; since: string } | null;
}

/** `stage`: where an initiative was on `asOf`, since when, and the gate of its next stage. */
export async function stageStatus(ws: Workspace, id: string, asOf: string): Promise<StageStatus> {
  const initiative = findRecord(ws.records, 'initiative', id);
  const { stage, enteredOn } = stageAsOf(initiative, asOf);
  const productManagement = handoffAsOf(ws.records, id, asOf) ?? null;
  const next = productManagement ? undefined : nextStage(stage);
  // At mvp the next step is the handoff, which needs the mvp gate to pass.
  const handoff = !productManagement && stage === 'mvp' ? handoffCommand(id, initiative.data.domain) : null;
  const gateStage = next ?? (handoff ? 'mvp' : undefined);
  const gate = gateStage ? evaluateGate(ws.records, id, gateStage, asOf, ws.settings) : undefined;
  const warnings = enteredOn ? [] : await unrecordedStages(ws.repo, [initiative], ws.stageDates);
  ws.save();
  return { id, stage, enteredOn: enteredOn ?? null, days: enteredOn ? daysBetween(enteredOn, asOf) : null, next: next ?? null, ready: gate?.pass ?? null, gate, rules: gate ? checklist(gate) : [], handoff, warnings, productManagement };
}

/** The command handing an initiative at mvp to product management: the domain it names already, else `"…"` for the team to choose. */
export function handoffCommand(id: string, domain: string | undefined): string {
  return `pdx handoff ${shellWord(id)} --domain ${domain === undefined ? '"…"' : shellWord(domain)}`;
}

/** A gate's rules as a checklist: each rule's verdict, and each finding's sentence and fix. */
export function checklist(gate: GateResult): (ChecklistRule & { gate: Stage; findings: { messageId: string; message: string; fix: string }[] })[] {
  return gate.rules.map((r) => ({
    id: r.id,
    gate: r.gate,
    pass: r.pass,
    severity: r.severity,
    message: r.message,
    findings: r.findings.map((f) => ({ messageId: f.messageId, message: f.message, fix: f.fix })),
  }));
}
