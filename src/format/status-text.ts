import { Chalk } from 'chalk';
import { checklistLines, type ChecklistRule } from './checklist.js';
import { safeLine } from './safe-text.js';

/** One initiative as `pdx status` shows it: where it is, and what its next gate still needs. */
export interface InitiativeStatus {
  id: string;
  title: string;
  stage: string;
  /** The day it entered its stage (from its history, or git for a stage set by hand), when known. */
  enteredOn: string | null;
  days: number | null;
  /** Days in a stage after which it is time to check in (`report.stageWarnAfterDays`). */
  warnAfterDays: number;
  overdue: boolean;
  /** The next stage, or null at mvp. */
  next: string | null;
  /** Whether its next gate passes; at mvp, the mvp gate the handoff needs. */
  ready: boolean | null;
  /** The rules of the next stage's own gate (at mvp, the mvp gate's), and every earlier one that fails, each finding with its fix. */
  rules: (ChecklistRule & { gate: string })[];
  /** How many findings stand between it and its next step (warnings not counted). */
  missing: number;
  /** True at mvp: its next step is the handoff to product management, not a stage. */
  handoff: boolean;
  /** When the gate passes: `pdx advance <id>`, or at mvp `pdx handoff <id> --domain …`; else null. */
  fix: string | null;
  /** For an expansion: the product it expands, and that product's domain once handed off. */
  expands: { id: string; domain: string | null } | null;
}

/** A domain in product management, with the products handed to it and their expansions still in discovery. */
export interface DomainStatus {
  domain: string;
  /** Its name, or null when no valid domain record has its id. */
  name: string | null;
  products: {
    id: string;
    title: string;
    stage: string;
    handedOffOn: string;
    forced: boolean;
    expansions: { id: string; title: string; stage: string; enteredOn: string | null; days: number | null }[];
  }[];
}

/** A key result whose last check-in is older than the window (or that has none). */
export interface StaleKeyResult {
  domain: string;
  okr: string;
  id: string;
  metric: string;
  current: number | null;
  lastCheckIn: string | null;
  /** Days since the last check-in; null when there is none. */
  days: number | null;
  fix: string;
}

/** What `pdx status` says about a repo: its data, printed as text or JSON. */
export interface RepoStatus {
  name: string;
  /** The product vision (`vision` in pdx.yaml), shown first; null when there is none. */
  vision: string | null;
  today: string;
  /** The initiatives in discovery (not handed off by today). */
  initiatives: InitiativeStatus[];
  /** Each domain with what it lacks (a role on its team, an OKR for the current period), each with its fix. */
  domains: { domain: string; name: string; warnings: { kind: string; message: string; fix: string }[] }[];
  /** Each domain owning products (handed off by today), by id. */
  productManagement: DomainStatus[];
  /** A key result is stale after this many days without a check-in. */
  staleAfterDays: number;
  keyResults: StaleKeyResult[];
  /** Files with errors (they are left out of everything else): `pdx validate` lists them. */
  invalid: { files: string[]; errors: number; fix: string | null };
  /** Changes to pdx's files git has not committed; `checked: false` with `why` when git cannot say. */
  uncommitted: { checked: boolean; why?: string; files: { path: string; state: string; staged: boolean }[]; fix: string | null };
}

export interface StatusTextOptions {
  color: boolean;
  /** Shows a repo path as the user should type it (relative to where pdx was started). */
  path: (file: string) => string;
}

/** `pdx status`: each initiative in discovery with its next gate's checklist and the command for each thing missing, then the products under their domains, key results, invalid files, uncommitted changes. */
export function formatStatus(s: RepoStatus, options: StatusTextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [c.bold(`${safeLine(s.name) || 'pdx'}: ${count(s.initiatives.length, 'initiative')}${inManagement(s)} on ${s.today}`)];
  if (s.vision) lines.push(`${c.dim('Vision:')} ${safeLine(s.vision)}`);
  if (s.initiatives.length === 0 && s.productManagement.length === 0) lines.push('', 'no initiative yet', `  ${c.dim('→')} pdx initiative add --title "…"`);
  for (const i of s.initiatives) {
    lines.push('', `${c.bold(safeLine(i.id))}  ${where(i, c)}  ${nextGate(i, c)}`);
    if (i.expands) lines.push(`  ${c.dim(expandsWords(i.expands))}`);
    lines.push(...checklistLines(i.rules, { color: options.color }));
    if (i.fix) lines.push(`  ${c.dim('→')} ${safeLine(i.fix)}`);
  }
  lines.push(...productLines(s, c));
  lines.push(...details(s, c, options.path));
  return `${lines.join('\n')}\n`;
}

/** Bare `pdx` in a repo: a line per initiative in discovery, one per domain with its products, a line of totals, and where to go next. */
export function formatShortStatus(s: RepoStatus, options: StatusTextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [c.bold(`${safeLine(s.name) || 'pdx'}: ${count(s.initiatives.length, 'initiative')}${inManagement(s)}`)];
  if (s.vision) lines.push(`${c.dim('Vision:')} ${safeLine(s.vision)}`);
  const width = Math.max(0, ...s.initiatives.map((i) => i.id.length));
  const whereWidth = Math.max(0, ...s.initiatives.map((i) => where(i, new Chalk({ level: 0 })).length));
  for (const i of s.initiatives) {
    const plain = where(i, new Chalk({ level: 0 }));
    lines.push(`  ${safeLine(i.id).padEnd(width)}  ${where(i, c)}${' '.repeat(whereWidth - plain.length)}  ${nextGate(i, c)}${i.expands ? c.dim(`  ${expandsWords(i.expands)}`) : ''}`);
  }
  for (const d of s.productManagement) {
    const products = d.products.map((p) => `${safeLine(p.id)} (handed off on ${p.handedOffOn}${p.expansions.length > 0 ? `, ${count(p.expansions.length, 'expansion')} in discovery` : ''})`);
    lines.push(`  ${c.bold(safeLine(d.domain))} owns ${products.join(', ')}`);
  }
  const warned = s.domains.filter((d) => d.warnings.length > 0).length;
  const totals = [
    warned > 0 ? `${count(warned, 'domain')} with warnings` : '',
    s.keyResults.length > 0 ? `${count(s.keyResults.length, 'key result')} without a check-in for ${s.staleAfterDays} days` : '',
    s.invalid.files.length > 0 ? `${count(s.invalid.files.length, 'file')} with problems` : '',
    s.uncommitted.files.length > 0 ? `${count(s.uncommitted.files.length, 'file')} not committed` : '',
  ].filter((t) => t !== '');
  if (totals.length > 0) lines.push(totals.join(', '));
  lines.push('', `${c.bold('pdx status')} shows what each needs and the command for it; ${c.bold('pdx --help')} lists every command.`);
  return `${lines.join('\n')}\n`;
}

/** `, 2 products in product management` after the count of initiatives, when there are any. */
function inManagement(s: RepoStatus): string {
  const products = s.productManagement.reduce((n, d) => n + d.products.length, 0);
  return products === 0 ? '' : ` in discovery, ${count(products, 'product')} in product management`;
}

function expandsWords(expands: { id: string; domain: string | null }): string {
  return `expands ${safeLine(expands.id)}${expands.domain ? ` (domain ${safeLine(expands.domain)})` : ''}`;
}

/** The "Product management" part: each domain, the products it owns, and under each its expansions in discovery. */
function productLines(s: RepoStatus, c: InstanceType<typeof Chalk>): string[] {
  if (s.productManagement.length === 0) return [];
  const lines = ['', c.bold('Product management')];
  for (const d of s.productManagement) {
    lines.push(`  ${c.bold(safeLine(d.domain))}${d.name ? `  ${safeLine(d.name)}` : ''}`);
    for (const p of d.products) {
      lines.push(`    ${safeLine(p.id)}  ${safeLine(p.title)}, handed off on ${p.handedOffOn}${p.forced ? c.yellow(' (forced)') : ''}`);
      for (const x of p.expansions) {
        const days = x.days === null ? 'for days unknown' : `for ${count(x.days, 'day')}`;
        lines.push(`      ${c.dim('expansion')} ${safeLine(x.id)}  ${safeLine(x.stage)} ${days}`);
      }
    }
  }
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function where(i: InitiativeStatus, c: InstanceType<typeof Chalk>): string {
  const days = i.days === null ? 'for days unknown (stage set by hand)' : `for ${count(i.days, 'day')}`;
  return `${safeLine(i.stage)} ${days}${i.overdue ? c.yellow(` (over ${i.warnAfterDays})`) : ''}`;
}

function nextGate(i: InitiativeStatus, c: InstanceType<typeof Chalk>): string {
  const step = i.next ?? (i.handoff ? 'handoff' : null);
  if (step === null) return c.dim('the last stage');
  if (i.ready) return c.green(`ready for ${safeLine(step)}`);
  return `${safeLine(step)} needs ${c.red(count(i.missing, 'thing'))}`;
}

function details(s: RepoStatus, c: InstanceType<typeof Chalk>, path: (file: string) => string): string[] {
  const arrow = c.dim('→');
  const lines: string[] = [];
  for (const d of s.domains.filter((x) => x.warnings.length > 0)) {
    lines.push('', `${c.bold(`domain ${safeLine(d.domain)}`)}  ${safeLine(d.name)}: ${c.yellow(count(d.warnings.length, 'warning'))}`);
    for (const w of d.warnings) lines.push(`  ${c.yellow('!')} ${safeLine(w.message)}`, `    ${arrow} ${safeLine(w.fix)}`);
  }
  if (s.keyResults.length > 0) {
    lines.push('', c.bold(`Key results without a check-in for ${s.staleAfterDays} days`));
    const width = Math.max(...s.keyResults.map((k) => k.id.length));
    for (const k of s.keyResults) {
      const last = k.lastCheckIn === null ? 'never checked in' : `last check-in ${k.lastCheckIn} (${count(k.days ?? 0, 'day')} ago)`;
      lines.push(`  ${safeLine(k.id).padEnd(width)}  ${safeLine(k.domain)}: ${safeLine(k.metric)}, ${last}`);
      lines.push(`  ${' '.repeat(width)}  ${arrow} ${safeLine(k.fix)}`);
    }
  }
  if (s.invalid.files.length > 0) {
    const shown = s.invalid.files.slice(0, 5).map((f) => safeLine(path(f)));
    const more = s.invalid.files.length > 5 ? ` and ${s.invalid.files.length - 5} more` : '';
    lines.push('', `${c.red(`${count(s.invalid.files.length, 'file')} with problems`)}, left out above: ${shown.join(', ')}${more}`, `  ${arrow} ${s.invalid.fix}`);
  }
  if (!s.uncommitted.checked) {
    lines.push('', c.dim(`Changes are not tracked: ${safeLine(s.uncommitted.why ?? 'git cannot say')}`));
  } else if (s.uncommitted.files.length > 0) {
    lines.push('', c.bold(`Not committed yet (${count(s.uncommitted.files.length, 'file')})`));
    const shown = s.uncommitted.files.slice(0, 20);
    const width = Math.max(...shown.map((f) => f.state.length));
    for (const f of shown) lines.push(`  ${f.state.padEnd(width)}  ${safeLine(path(f.path))}`);
    if (s.uncommitted.files.length > shown.length) lines.push(`  … and ${s.uncommitted.files.length - shown.length} more`);
    if (s.uncommitted.fix) lines.push(`  ${arrow} ${safeLine(s.uncommitted.fix)}`);
  }
  return lines;
}
