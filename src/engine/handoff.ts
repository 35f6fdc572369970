import { failedRules, requireReason } from '../authoring/advance.js';
import { planHandoff } from '../authoring/handoff.js';
import { findRecord, notFound, type Plan } from '../authoring/plan.js';
import { EXIT, PdxError, usageError } from '../errors.js';
import { evaluateGate } from '../gates/engine.js';
import { stageAsOf } from '../model/history.js';
import { isValidId } from '../model/ids.js';
import type { LoadedRecord } from '../model/records.js';
import { gateRefusal } from './advance.js';
import type { Workspace } from './workspace.js';

export interface HandoffRequest {
  domain: string;
  /** For a domain that does not exist yet. */
  name?: string;
  purpose?: string;
  /** The day of the handoff: the mvp gate is evaluated as of it. */
  date: string;
  force?: boolean;
  reason?: string;
  /** Called with what a new domain lacks before the gate is evaluated: a command that cannot ask refuses there, before anything else. */
  lacking?: (missing: ('name' | 'purpose')[]) => void;
}

export interface HandoffCheck {
  /** The domain the product goes to, when it exists. */
  existing?: LoadedRecord<'domain'>;
  /** What a new domain still lacks (`--name`, `--purpose`): asked at a terminal, else a usage error. */
  missing: ('name' | 'purpose')[];
  /** The mvp gate's failed rules when the handoff is forced past them. */
  forcedPast?: string[];
  plan: (values: { name?: string; purpose?: string; by?: string }) => Plan;
}

/** What can be checked before the domain is known: the initiative, the day, --force and --reason. */
export type HandoffReadiness = Pick<HandoffRequest, 'date' | 'force' | 'reason'>;

/**
 * The rules of the handoff that do not depend on the domain, checked before it is asked for, so
 * nothing typed is refused afterwards: the initiative is not handed off already, --force and
 * --reason go together, it is at mvp (and was on the day), and it passes the mvp gate as of that
 * day or the handoff is forced. Returns the gate's failed rules when forced past them.
 */
export function checkHandoffReady(ws: Workspace, id: string, request: HandoffReadiness): { forcedPast?: string[] } {
  const initiative = findRecord(ws.records, 'initiative', id);
  refuseDone(initiative);
  checkForce(request);
  checkStage(initiative, request.date);
  return { forcedPast: gateOf(ws, id, request) };
}

function refuseDone(initiative: LoadedRecord<'initiative'>): void {
  const { id, handoff, domain: named } = initiative.data;
  if (handoff) {
    throw new PdxError('handoff/done', `${id} was already handed off to domain ${named ?? '(none named)'} on ${handoff.date}`, {
      exitCode: EXIT.failed,
      hint: `it is in product management: pdx okr add --domain ${named ?? '…'} sets its outcomes, and pdx expand ${id} --title "…" starts an expansion`,
    });
  }
}

function checkForce(request: HandoffReadiness): void {
  if (request.force || request.reason !== undefined) {
    if (!request.force) throw usageError('--reason goes with --force: it records why the handoff was forced past the mvp gate');
    requireReason(request.reason, '--force');
  }
}

function checkStage(initiative: LoadedRecord<'initiative'>, date: string): void {
  const { id, stage } = initiative.data;
  if (stage !== 'mvp') throw new PdxError('handoff/stage', `${id} is in ${stage}: pdx advance ${id} first`, { exitCode: EXIT.failed, hint: 'a product is handed to product management once it is at mvp and passes the mvp gate' });
  const entered = stageAsOf(initiative, date);
  if (entered.stage !== 'mvp') throw usageError(`--date ${date} is before ${id} entered mvp${entered.enteredOn ? ` (it was in ${entered.stage} since ${entered.enteredOn})` : ''}`, 'a handoff is dated on or after the day the initiative reached mvp');
}

/** The mvp gate as of the day: refused (exit 1, its checklist) when it fails unforced; the failed rules when forced past them. */
function gateOf(ws: Workspace, id: string, request: HandoffReadiness): string[] | undefined {
  const gate = evaluateGate(ws.records, id, 'mvp', request.date, ws.settings);
  const failed = failedRules(gate);
  if (failed.length > 0 && !request.force) throw gateRefusal(gate, `${id} cannot be handed off yet: it does not pass the mvp gate as of ${request.date}`, 'hand it off anyway');
  if (failed.length === 0 && request.force) throw usageError(`nothing to force: ${id} passes the mvp gate as of ${request.date}`, 'leave out --force and --reason');
  return failed.length > 0 ? failed : undefined;
}

/**
 * The rules of the handoff, checked before anything is asked or written: the initiative is at
 * mvp (and was on the day), not handed off already, and passes the mvp gate as of that day —
 * or the handoff is forced with a reason, recording the failed rules (forcing a gate that passes
 * is a usage error: nothing to force). Refusals: exit 2 for a command that cannot be right
 * (flags, ids, dates), exit 1 when the repo says no (the stage, an earlier handoff, the gate,
 * with its checklist, an invalid domain file).
 */
export function checkHandoff(ws: Workspace, id: string, request: HandoffRequest): HandoffCheck {
  const initiative = findRecord(ws.records, 'initiative', id);
  refuseDone(initiative);
  checkForce(request);
  if (!isValidId(request.domain)) throw usageError(`--domain "${request.domain}" is not a valid id: use lowercase letters and digits in words joined by single dashes, e.g. shipper-onboarding`);
  checkStage(initiative, request.date);

  const existing = ws.records.domain.find((d) => d.data.id === request.domain);
  if (!existing) {
    // A domain whose file is there but invalid or unreadable is not a new one: the repo is at fault (exit 1).
    const absent = notFound(ws.records, ['domain'], request.domain, '--domain');
    if (absent.exitCode !== EXIT.usage) throw absent;
  }
  const created = existing?.data.created;
  if (created !== undefined && request.date < created) throw usageError(`--date ${request.date} is before ${request.domain} was set up (${created})`, `a product is handed to a domain that exists: date the handoff on or after ${created}`);
  const elsewhere = ws.records.domain.find((d) => d.data.id !== request.domain && d.data.products.includes(id));
  if (elsewhere) throw usageError(`domain ${elsewhere.data.id} already lists ${id} among its products (${elsewhere.file})`, `hand it off to that domain with pdx handoff ${id} --domain ${elsewhere.data.id}, or remove it from that file's products first`);
  if (existing && (request.name !== undefined || request.purpose !== undefined)) {
    const flags = [request.name !== undefined ? '--name' : '', request.purpose !== undefined ? '--purpose' : ''].filter(Boolean).join(' and ');
    throw usageError(`domain ${request.domain} exists already: ${flags} ${flags.includes(' and ') ? 'are' : 'is'} only for a new domain`, `leave ${flags} out to hand ${id} to ${existing.data.name}`);
  }
  const missing = existing ? [] : (['name', 'purpose'] as const).filter((k) => !request[k]?.trim());
  if (missing.length > 0) request.lacking?.(missing);

  const forcedPast = gateOf(ws, id, request);
  return {
    existing,
    missing: [...missing],
    forcedPast,
    plan: ({ name, purpose, by }) =>
      planHandoff(initiative, {
        domain: existing ?? { id: request.domain, name: (name ?? request.name)!, purpose: (purpose ?? request.purpose)! },
        date: request.date,
        by,
        forced: forcedPast ? { reason: request.reason!, failedRules: forcedPast } : undefined,
      }),
  };
}
