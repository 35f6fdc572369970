import { someIds } from '../authoring/plan.js';
import { usageError } from '../errors.js';
import type { Workspace } from '../engine/workspace.js';
import { stageAsOf } from '../model/history.js';
import { expansionRefusal } from '../model/products.js';
import type { Records } from '../model/records.js';
import { readState, rememberInitiative } from '../store/state.js';
import type { Context } from './context.js';

/**
 * Id arguments a user left out. At a terminal they are asked for from a list (the only one, or
 * the initiative last worked on, is the default); otherwise the command stops with a usage
 * error that names what is missing in words and shows the command with an id filled in. An id
 * that was given is returned as it is: looking it up (with its did-you-mean) is the command's.
 */

interface Choice {
  id: string;
  /** Shown beside the id in the list. */
  label: string;
}

interface IdQuestion {
  /** `initiative`, `hypothesis`, `experiment to conclude`… */
  what: string;
  /** `initiatives`, `hypotheses`…, for the list in the error. */
  plural: string;
  choices: Choice[];
  /** The choice preselected (and named in the error's example); default: the only one, when there is one. */
  defaultId?: string;
  /** The command with an id filled in, for the error's example. */
  usage: (id: string) => string;
  /** What to do when there is nothing to choose from. */
  none: { message: string; hint: string };
}

async function askId(ctx: Context, q: IdQuestion): Promise<string> {
  if (q.choices.length === 0) throw usageError(q.none.message, q.none.hint);
  const defaultId = q.defaultId ?? (q.choices.length === 1 ? q.choices[0]!.id : undefined);
  if (!ctx.interactive) {
    throw usageError(`which ${q.what}? pass its id, e.g. ${q.usage(defaultId ?? q.choices[0]!.id)} (${q.plural}: ${someIds(q.choices.map((c) => c.id))})`);
  }
  const { askChoice } = await ctx.prompts();
  const width = Math.max(...q.choices.map((c) => c.id.length));
  const label = q.what.charAt(0).toUpperCase() + q.what.slice(1);
  return askChoice(`${label}:`, q.choices.map((c) => ({ value: c.id, name: c.label ? `${c.id.padEnd(width)}  ${c.label}` : c.id })), defaultId);
}

/** What the initiative questions read: the repo's root and its valid initiatives. */
type Initiatives = Pick<Workspace, 'root'> & { records: Pick<Records, 'initiative'> };

/** The initiative last worked on in this clone, when it still exists. */
function lastInitiative(ws: Initiatives): string | undefined {
  const last = readState(ws.root).lastInitiative;
  return ws.records.initiative.some((r) => r.data.id === last) ? last : undefined;
}

/** Initiatives for a list: the one last worked on first, then by id. */
function initiativeChoices(ws: Initiatives, last = lastInitiative(ws)): Choice[] {
  return [...ws.records.initiative]
    .sort((a, b) => Number(b.data.id === last) - Number(a.data.id === last) || a.data.id.localeCompare(b.data.id))
    .map((r) => ({ id: r.data.id, label: `${r.data.title} (${r.data.stage})` }));
}

const NO_INITIATIVE = { message: 'there is no initiative yet', hint: 'add one first: pdx initiative add --title "…"' };

/**
 * The initiative a command is about: `given`, or asked for. `usage` shows the command with an id
 * (default `pdx <command> <id>`). Remembered as the one last worked on once it is known to exist.
 * Only the initiatives are read: it may be asked while the rest of the repo is still being read.
 */
export async function askInitiative(ctx: Context, ws: Initiatives, given: string | undefined, command: string, usage = (id: string) => `pdx ${command} ${id}`): Promise<string> {
  // The state file is read once: for the list's order, its default and whether to remember.
  const last = lastInitiative(ws);
  const choices = initiativeChoices(ws, last);
  const id = given ?? (await askId(ctx, { what: 'initiative', plural: 'initiatives', choices, defaultId: last, usage, none: NO_INITIATIVE }));
  if (id !== last && ws.records.initiative.some((r) => r.data.id === id)) rememberInitiative(ws.root, id);
  return id;
}

/**
 * The product an expansion starts from (`pdx expand`): `given`, or asked for among the
 * initiatives that can be expanded on `day` (handed off by then, or at mvp).
 */
export async function askProduct(ctx: Context, ws: Workspace, given: string | undefined, day: string): Promise<string> {
  if (given !== undefined) return given;
  const choices = [...ws.records.initiative]
    .filter((r) => expansionRefusal(r, day) === null)
    .sort((a, b) => a.data.id.localeCompare(b.data.id))
    .map((r) => ({ id: r.data.id, label: `${r.data.title} (${r.data.handoff && r.data.handoff.date <= day ? `a product of ${r.data.domain ?? 'a domain'}` : r.data.stage})` }));
  return askId(ctx, {
    what: 'product to expand',
    plural: 'products',
    choices,
    usage: (id) => `pdx expand ${id} --title "…"`,
    none: { message: 'there is no product to expand yet: an expansion starts from an initiative handed off or at mvp', hint: 'see where each initiative is: pdx status' },
  });
}

/**
 * The initiative `pdx handoff` hands off: `given`, or asked for among those that can be on `day`
 * (at mvp then, and not handed off already), the one last worked on first.
 */
export async function askHandoff(ctx: Context, ws: Workspace, given: string | undefined, day: string): Promise<string> {
  if (given !== undefined) return given;
  const last = lastInitiative(ws);
  const byId = new Map(ws.records.initiative.map((r) => [r.data.id, r]));
  const choices = initiativeChoices(ws, last).flatMap((c) => {
    const r = byId.get(c.id)!;
    const on = stageAsOf(r, day);
    return r.data.handoff === undefined && on.stage === 'mvp' ? [{ id: c.id, label: `${r.data.title} (mvp${on.enteredOn ? ` since ${on.enteredOn}` : ''})` }] : [];
  });
  const id = await askId(ctx, {
    what: 'initiative to hand off',
    plural: 'initiatives at mvp not handed off yet',
    choices,
    defaultId: choices.some((c) => c.id === last) ? last : undefined,
    usage: (i) => `pdx handoff ${i} --domain …`,
    none: { message: 'no initiative can be handed off: none is at mvp and not handed off yet', hint: 'an initiative is handed off once it is at mvp and passes the mvp gate; see where each one is with pdx status' },
  });
  if (id !== last) rememberInitiative(ws.root, id);
  return id;
}

/** `team add`'s target: an initiative or a domain. */
export async function askTeamTarget(ctx: Context, ws: Workspace, given: string | undefined): Promise<string> {
  if (given !== undefined) return askInitiative(ctx, ws, given, 'team add');
  const choices = [...initiativeChoices(ws), ...[...ws.records.domain].sort((a, b) => a.data.id.localeCompare(b.data.id)).map((r) => ({ id: r.data.id, label: `${r.data.name} (domain)` }))];
  const id = await askId(ctx, {
    what: 'initiative or domain',
    plural: 'initiatives and domains',
    choices,
    defaultId: lastInitiative(ws),
    usage: (target) => `pdx team add ${target} --role designer --name "…"`,
    none: { message: 'there is no initiative or domain yet', hint: 'add one first: pdx initiative add --title "…" (or pdx domain add)' },
  });
  return askInitiative(ctx, ws, id, 'team add');
}

/** A hypothesis: those of the initiative last worked on first. */
export async function askHypothesis(ctx: Context, ws: Workspace, given: string | undefined, usage: (id: string) => string): Promise<string> {
  if (given !== undefined) return given;
  const last = lastInitiative(ws);
  const choices = [...ws.records.hypothesis]
    .sort((a, b) => Number(b.data.initiative === last) - Number(a.data.initiative === last) || a.data.id.localeCompare(b.data.id))
    .map((r) => ({ id: r.data.id, label: `${r.data.kind}, ${r.data.status}` }));
  return askId(ctx, {
    what: 'hypothesis',
    plural: 'hypotheses',
    choices,
    usage,
    none: { message: 'there is no hypothesis yet', hint: 'write one first: pdx hypothesis add' },
  });
}

/** An experiment to show: any, running first, then planned, then the newest concluded. */
export async function askExperiment(ctx: Context, ws: Workspace, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const order = { running: 0, planned: 1, concluded: 2, abandoned: 3 } as Record<string, number>;
  const choices = [...ws.records.experiment]
    .sort((a, b) => (order[a.data.status] ?? 4) - (order[b.data.status] ?? 4) || (b.data.concluded ?? '').localeCompare(a.data.concluded ?? '') || a.data.id.localeCompare(b.data.id))
    .map((r) => ({ id: r.data.id, label: `${r.data.type}, ${r.data.status}${r.data.result ? `: ${r.data.result}` : ''} (${(r.data.initiative ?? r.data.domain)!})` }));
  return askId(ctx, {
    what: 'experiment',
    plural: 'experiments',
    choices,
    usage: (id) => `pdx experiment show ${id}`,
    none: { message: 'there is no experiment yet', hint: 'add one first: pdx experiment add --initiative ID --type T …' },
  });
}

/** An experiment to conclude: only running and planned ones are offered, running first. */
export async function askOpenExperiment(ctx: Context, ws: Workspace, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const open = ws.records.experiment.filter((r) => r.data.status === 'running' || r.data.status === 'planned');
  const choices = open
    .sort((a, b) => Number(b.data.status === 'running') - Number(a.data.status === 'running') || a.data.id.localeCompare(b.data.id))
    .map((r) => ({ id: r.data.id, label: `${r.data.type}, ${r.data.status}${r.data.initiative ? ` (${r.data.initiative})` : r.data.domain ? ` (${r.data.domain})` : ''}` }));
  return askId(ctx, {
    what: 'experiment',
    plural: 'running or planned experiments',
    choices,
    usage: (id) => `pdx experiment conclude ${id}`,
    none: { message: 'no experiment is running or planned, so there is none to conclude', hint: 'start one: pdx experiment add' },
  });
}

/** A key result, for `kr update`: those without a recent check-in are as likely as any. */
export async function askKeyResult(ctx: Context, records: Records, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const choices = records.okr.flatMap((r) => r.data.keyResults.map((kr) => ({ id: kr.id, label: `${kr.metric} (${r.data.id})` }))).sort((a, b) => a.id.localeCompare(b.id));
  return askId(ctx, {
    what: 'key result',
    plural: 'key results',
    choices,
    usage: (id) => `pdx kr update ${id} --current …`,
    none: { message: 'there is no key result yet', hint: "add one first: pdx kr add OKR --metric \"…\" --baseline … --target …" },
  });
}

/** An OKR, for `kr add`. */
export async function askOkr(ctx: Context, records: Records, given: string | undefined, usage = (id: string) => `pdx kr add ${id} --metric "…" --baseline … --target …`): Promise<string> {
  if (given !== undefined) return given;
  const choices = [...records.okr].sort((a, b) => a.data.id.localeCompare(b.data.id)).map((r) => ({ id: r.data.id, label: r.data.objective }));
  return askId(ctx, {
    what: 'OKR',
    plural: 'OKRs',
    choices,
    usage,
    none: { message: 'there is no OKR yet', hint: 'add one first: pdx okr add --domain D --period 2026-Q4 --objective "…"' },
  });
}

/** A domain, for `domain show` and `domain update`; `usage` shows the command with an id. */
export async function askDomain(ctx: Context, records: Records, given: string | undefined, usage: (id: string) => string): Promise<string> {
  if (given !== undefined) return given;
  const choices = [...records.domain].sort((a, b) => a.data.id.localeCompare(b.data.id)).map((r) => ({ id: r.data.id, label: r.data.name }));
  return askId(ctx, {
    what: 'domain',
    plural: 'domains',
    choices,
    usage,
    none: { message: 'there is no domain yet', hint: 'add one first: pdx domain add --name "…" --purpose "…"' },
  });
}

/** A value a user must pick from a fixed list (a hypothesis status…), asked for like an id; `example` fills the error's example. */
export async function askChoiceArgument<T extends string>(ctx: Context, given: T | undefined, what: string, values: readonly T[], usage: (value: T) => string, example: T): Promise<T> {
  if (given !== undefined) return given;
  if (!ctx.interactive) throw usageError(`which ${what}? pass it, e.g. ${usage(example)} (one of ${values.join(', ')})`);
  const { askChoice } = await ctx.prompts();
  return askChoice(`${what.charAt(0).toUpperCase() + what.slice(1)}:`, values.map((v) => ({ value: v, name: v })));
}
