import type { Problem } from '../errors.js';

/** One rule's verdict as printed: located in a file. */
export interface GateRuleLine {
  id: string;
  gate: string;
  pass: boolean;
  severity: 'error' | 'warn';
  message: string;
  file: string;
  line: number;
  column: number;
}

/** What `pdx gate` found: per initiative the rules, plus validation problems and forced moves. */
export interface GateReport {
  ok: boolean;
  stage: string;
  initiatives: { id: string; stage: string; file: string; pass: boolean; rules: GateRuleLine[] }[];
  problems: Problem[];
}

export type GateFormatter = (report: GateReport, options: { color: boolean }) => string | Promise<string>;

export const GATE_FORMATS = ['text', 'json', 'github', 'junit'] as const;
export type GateFormat = (typeof GATE_FORMATS)[number];

export async function loadGateFormatter(name: GateFormat): Promise<GateFormatter> {
  switch (name) {
    case 'text':
      return (await import('./gate-text.js')).formatGateText;
    case 'json':
      return (await import('./gate-json.js')).formatGateJson;
    case 'github':
      return (await import('./gate-github.js')).formatGateGithub;
    case 'junit':
      return (await import('./gate-junit.js')).formatGateJunit;
  }
}
