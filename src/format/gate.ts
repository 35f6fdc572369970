import type { Problem } from '../errors.js';
import { lazy } from './problems.js';

/** One problem a rule found, located in a file: the rule's declared message id and data, the sentence they make, and the command that fixes it. */
export interface GateFinding {
  messageId: string;
  data: Record<string, string | number>;
  message: string;
  /** The command that supplies what is missing, ids filled in. */
  fix: string;
  file: string;
  line: number;
  column: number;
}

/** One rule's verdict as printed: located in a file. */
interface RuleLine {
  id: string;
  gate: string;
  severity: 'error' | 'warn';
  /** The findings' sentences joined with `; `, or the pass message. */
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/**
 * One rule's verdict. A failing rule has its findings, each located, and is located at the first;
 * a passing one has none, and is located only when asked (JSON and JUnit print every rule's).
 */
export type GateRuleLine = (RuleLine & { pass: true; findings: [] }) | (RuleLine & { pass: false; file: string; line: number; column: number; findings: [GateFinding, ...GateFinding[]] });

/** What `pdx gate` found: per initiative the rules, plus validation problems and forced moves. */
export interface GateReport {
  ok: boolean;
  stage: string;
  initiatives: { id: string; stage: string; file: string; pass: boolean; rules: GateRuleLine[] }[];
  /** Initiatives chosen but handed to product management (`pdx handoff`) as of the day: gates no longer apply, so they are not evaluated. */
  handedOff: HandedOff[];
  problems: Problem[];
}

/** A product in product management: its domain and the day it was handed off. */
export interface HandedOff {
  id: string;
  stage: string;
  file: string;
  domain: string;
  since: string;
}

/** `x — in product management (domain d) since 2026-11-02`: what every output says of a handed-off initiative. */
export function handedOffLine(h: Pick<HandedOff, 'id' | 'domain' | 'since'>): string {
  return `${h.id} — in product management (domain ${h.domain}) since ${h.since}`;
}

/** `x cannot be at mvp: the team has no designer → pdx team add x --role designer --name "…"`: a finding as one line of its own (an annotation, a Code Quality issue). */
export function findingLine(id: string, stage: string, f: Pick<GateFinding, 'message' | 'fix'>): string {
  return `${id} cannot be at ${stage}: ${f.message} → ${f.fix}`;
}

export interface GateFormatOptions {
  color: boolean;
  /** When the gate ran (JUnit's `timestamp`; default: now). */
  now?: Date;
  /** The machine it ran on (JUnit's `hostname`; default: `localhost`). */
  hostname?: string;
  /** The command that prints the same checklist from the folder the paths start at (Markdown's last line, GitHub's notice of what it left out; default: `pdx gate STAGE`). */
  rerun?: string;
}

export type GateFormatter = (report: GateReport, options: GateFormatOptions) => string | Promise<string>;

export const GATE_FORMATS = ['text', 'json', 'github', 'junit', 'gitlab', 'markdown'] as const;
export type GateFormat = (typeof GATE_FORMATS)[number];

export const loadGateFormatter: (name: GateFormat) => Promise<GateFormatter> = lazy({
  text: async () => (await import('./gate-text.js')).formatGateText,
  json: async () => (await import('./gate-json.js')).formatGateJson,
  github: async () => (await import('./gate-github.js')).formatGateGithub,
  junit: async () => (await import('./gate-junit.js')).formatGateJunit,
  gitlab: async () => (await import('./gate-gitlab.js')).formatGateGitlab,
  markdown: async () => (await import('./gate-markdown.js')).formatGateMarkdown,
});
