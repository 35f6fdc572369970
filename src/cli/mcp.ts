import { Readable } from 'node:stream';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { MAX_WINDOW_DAYS, MAX_WINDOW_WEEKS } from '../model/dates.js';
import { EVIDENCE_SOURCES, HYPOTHESIS_KINDS, HYPOTHESIS_STATUSES, STAGES, STRENGTHS, VERDICTS } from '../model/vocabulary.js';
import type { Problem } from '../errors.js';
import type { Context, Io } from './context.js';

/**
 * `pdx mcp`: a Model Context Protocol server on stdio, the one home of `@modelcontextprotocol/sdk`
 * (program.ts imports this module only when `pdx mcp` runs, and hands it the CLI as an `McpHost`:
 * bundled, it is a file of its own, dist/cli/mcp.cjs, so that no other command loads the SDK). Every tool is a pdx command run
 * in-process with the arguments it was given turned into flags (`--note=…`, never split by a
 * shell): the same parsing, checks, plans, atomic writes, locks, identity and commits as at the
 * terminal, the repo read afresh on each call, and never a prompt. A command's refusal is a tool
 * error naming the input field (`--note` becomes `note`); nothing reaches stdout but the protocol.
 */

/** One input of a tool: the CLI flag (or the positional argument) it becomes. */
interface Field {
  type: 'string' | 'strings' | 'number' | 'boolean';
  description: string;
  /** The flag, e.g. `--note`; without it the value is a positional argument, after `--`. */
  flag?: string;
  enum?: readonly string[];
  required?: boolean;
  /** Long text: `-` would mean standard input at the terminal, so it is refused here. */
  text?: boolean;
}

interface ToolSpec {
  name: string;
  title: string;
  description: string;
  /** The command's words: `evidence add`. */
  command: string[];
  fields: Record<string, Field>;
  /** Flags always given, before the fields' (commander keeps an option's last value): `--json`, `--format=json`. */
  fixed: string[];
  /** The inputs with which the command prints text, not JSON: the report's `format: markdown`. */
  textWhen?: Record<string, string>;
  /** The structured content's schema, when the JSON is an object; `wrap` names the key holding a JSON array. */
  output?: Tool['outputSchema'];
  wrap?: string;
  /** Exit code 1 is an answer (a gate that fails), not a failure. */
  failIsAnswer?: boolean;
  write?: boolean;
}

const asOf: Field = { type: 'string', flag: '--as-of', description: 'as if on this day, YYYY-MM-DD: what was recorded later is left out (default: today)' };
const commit: Field = { type: 'boolean', flag: '--commit', description: 'commit exactly the files written (default: as git.autoCommit in pdx.yaml says, else no commit, as the CLI)' };
const date = (what: string): Field => ({ type: 'string', flag: '--date', description: `${what}, YYYY-MM-DD, not after today (default: today)` });
const object = (properties: Record<string, object>, required: string[] = []): NonNullable<Tool['outputSchema']> => ({ type: 'object', properties, required });
const written = object({ ok: { type: 'boolean' }, id: { type: 'string' }, path: { type: 'string' }, changed: { type: 'array', items: { type: 'string' } }, commit: { type: 'string' } }, ['ok', 'id', 'path', 'changed']);

export const TOOLS: readonly ToolSpec[] = [
  {
    name: 'status',
    title: 'Repo status',
    description: 'The pdx repo at a glance (pdx status): each initiative with its stage and what its next gate lacks, each domain, what is uncommitted, and the command that supplies each missing thing.',
    command: ['status'],
    fields: {},
    fixed: ['--json'],
    output: object({}),
  },
  {
    name: 'gate',
    title: 'Check a stage gate',
    description: 'Check the gate of a stage (pdx gate): every rule for each initiative at that stage (or those named), each failing one with the command that fixes it. A failing gate is an answer (passed: false), not an error.',
    command: ['gate'],
    fields: {
      stage: { type: 'string', enum: STAGES, required: true, description: 'the stage whose gate to check' },
      initiatives: { type: 'strings', description: 'only these initiatives (default: every initiative at the stage)' },
      asOf: asOf,
    },
    fixed: ['--format=json'],
    output: object({}),
    failIsAnswer: true,
  },
  {
    name: 'report',
    title: 'Weekly report',
    description: 'The weekly review report (pdx report): pace, funnel, time in stage, what was learned, stale work, OKRs. format json (default) gives the summary as structured content; markdown gives the page as text.',
    command: ['report'],
    fields: {
      format: { type: 'string', flag: '--format', enum: ['json', 'markdown'], description: 'json (default): the summary as data; markdown: the report as a page of text' },
      asOf: asOf,
      since: { type: 'string', flag: '--since', description: `the window: 1w to ${MAX_WINDOW_WEEKS}w (whole ISO weeks, this one so far) or 1d to ${MAX_WINDOW_DAYS}d (the days up to asOf), e.g. 4w or 7d (default: report.since in pdx.yaml)` },
      initiatives: { type: 'strings', flag: '--initiative', description: 'only these initiatives' },
    },
    fixed: ['--format=json'],
    textWhen: { format: 'markdown' },
  },
  {
    name: 'search',
    title: 'Search what the team wrote',
    description: 'Find words (every one of them, case and accents ignored) in evidence notes and quotes, ideas, hypothesis statements and claims, and learning cards (pdx search). Each hit has its kind, record id, file, field, the whole text and the match ranges.',
    command: ['search'],
    fields: { text: { type: 'string', required: true, description: 'the words to find' } },
    fixed: ['--json'],
    output: object({ hits: { type: 'array', items: { type: 'object' } } }, ['hits']),
    wrap: 'hits',
  },
  {
    name: 'evidence_list',
    title: 'List evidence',
    description: 'Evidence matching every filter given, newest first, with every field (pdx evidence list).',
    command: ['evidence', 'list'],
    fields: {
      initiative: { type: 'string', flag: '--initiative', description: "only this initiative's" },
      hypothesis: { type: 'string', flag: '--hypothesis', description: 'only evidence on this hypothesis' },
      claim: { type: 'string', flag: '--claim', description: 'only evidence on this claim, e.g. c1' },
      customer: { type: 'string', flag: '--customer', description: "only this customer's, e.g. C-017" },
      segment: { type: 'string', flag: '--segment', description: 'only from this customer segment' },
      tags: { type: 'strings', flag: '--tag', description: 'only evidence with every one of these tags' },
      verdict: { type: 'string', flag: '--verdict', enum: VERDICTS, description: 'only with this verdict' },
      since: { type: 'string', flag: '--since', description: `only the last 1d to ${MAX_WINDOW_DAYS}d or 1w to ${MAX_WINDOW_WEEKS}w, e.g. 4w` },
      asOf: asOf,
    },
    fixed: ['--json'],
    output: object({ evidence: { type: 'array', items: { type: 'object' } } }, ['evidence']),
    wrap: 'evidence',
  },
  {
    name: 'evidence_show',
    title: 'Show one evidence record',
    description: 'One evidence record with its note, quote, segment, tags and the claim it bears on (pdx evidence show).',
    command: ['evidence', 'show'],
    fields: { id: { type: 'string', required: true, description: 'the evidence id' } },
    fixed: ['--json'],
    output: object({}),
  },
  {
    name: 'evidence_add',
    title: 'Log evidence',
    description:
      'Log one observation from the market as a new evidence file (pdx evidence add), e.g. a note taken during a customer interview. Checked as the CLI checks it: the initiative, hypothesis, claim and experiment must exist, the customer id be pseudonymous, the date not after today. Link it to a claim with hypothesis, claim and verdict, or leave them out for an immersion note.',
    command: ['evidence', 'add'],
    fields: {
      initiative: { type: 'string', flag: '--initiative', description: 'the initiative it was gathered for (default: the hypothesis\'s or experiment\'s)' },
      customer: { type: 'string', flag: '--customer', required: true, description: 'pseudonymous customer id, e.g. C-017 (never a name)' },
      source: { type: 'string', flag: '--source', enum: EVIDENCE_SOURCES, required: true, description: 'how it was gathered' },
      note: { type: 'string', flag: '--note', required: true, text: true, description: 'what was seen or heard' },
      quote: { type: 'string', flag: '--quote', text: true, description: "the customer's own words, verbatim" },
      hypothesis: { type: 'string', flag: '--hypothesis', description: 'the hypothesis it bears on (with claim and verdict)' },
      claim: { type: 'string', flag: '--claim', description: 'the claim id, e.g. c1' },
      verdict: { type: 'string', flag: '--verdict', enum: VERDICTS, description: 'what it says about the claim' },
      experiment: { type: 'string', flag: '--experiment', description: 'the experiment it came from' },
      strength: { type: 'string', flag: '--strength', enum: STRENGTHS, description: 'weak (what people said) or strong (what they did), instead of what the source gives' },
      segment: { type: 'string', flag: '--segment', description: "the customer segment, one of the customer hypothesis's segments" },
      tags: { type: 'strings', flag: '--tag', description: 'short words to find it by, e.g. pricing' },
      date: date('when it was observed'),
      id: { type: 'string', flag: '--id', description: 'the id (default: <date>-<customer>)' },
      commit,
    },
    fixed: ['--json'],
    output: written,
    write: true,
  },
  {
    name: 'idea_add',
    title: 'Write down an idea',
    description: 'Write down an idea for an initiative, dated and signed (pdx idea add).',
    command: ['idea', 'add'],
    fields: {
      initiative: { type: 'string', required: true, description: 'the initiative the idea is for' },
      text: { type: 'string', flag: '--text', required: true, description: 'the idea' },
      date: date('the day it was had'),
      commit,
    },
    fixed: ['--json'],
    output: written,
    write: true,
  },
  {
    name: 'hypothesis_add',
    title: 'Write a hypothesis',
    description: 'Write a hypothesis with its testable claims (pdx hypothesis add). A claim starting "high: " or "low: " sets its importance (default medium). The kind-specific fields are for their kind only.',
    command: ['hypothesis', 'add'],
    fields: {
      initiative: { type: 'string', flag: '--initiative', required: true, description: 'the initiative it belongs to' },
      kind: { type: 'string', flag: '--kind', enum: HYPOTHESIS_KINDS, required: true, description: 'which of the six hypotheses' },
      statement: { type: 'string', flag: '--statement', required: true, text: true, description: 'the hypothesis in one or two sentences' },
      claims: { type: 'strings', flag: '--claim', required: true, description: 'its testable claims, at least one' },
      id: { type: 'string', flag: '--id', description: 'the id (default: <initiative>-<kind>)' },
      status: { type: 'string', flag: '--status', enum: HYPOTHESIS_STATUSES, description: 'default draft' },
      supersedes: { type: 'string', flag: '--supersedes', description: 'an earlier hypothesis of the same kind this one iterates on' },
      date: date('the day it was written'),
      segments: { type: 'strings', flag: '--segment', description: 'customer: its segments' },
      currentSolution: { type: 'string', flag: '--current-solution', description: 'product: how the job is done today' },
      improvementFactor: { type: 'number', flag: '--improvement-factor', description: 'product: how many times better (10X is the bar)' },
      marketSize: { type: 'string', flag: '--market-size', description: 'market: how large' },
      sources: { type: 'strings', flag: '--source', description: 'market: sources for the size' },
      competitors: { type: 'strings', flag: '--competitor', description: 'competitor: "Name: how well they solve it"' },
      pricePoints: { type: 'strings', flag: '--price-point', description: 'pricing: "Name=AMOUNT UNIT"' },
      ltv: { type: 'number', flag: '--ltv', description: 'revenue-engine: customer lifetime value' },
      cac: { type: 'number', flag: '--cac', description: 'revenue-engine: customer acquisition cost' },
      channels: { type: 'strings', flag: '--channel', description: 'revenue-engine: acquisition channels' },
      commit,
    },
    fixed: ['--json'],
    output: written,
    write: true,
  },
];

/** The tools as `tools/list` gives them. */
export function toolList(): Tool[] {
  return TOOLS.map((spec) => ({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: {
      type: 'object' as const,
      properties: Object.fromEntries(Object.entries(spec.fields).map(([name, field]) => [name, fieldSchema(field)])),
      required: Object.entries(spec.fields).filter(([, f]) => f.required).map(([name]) => name),
      additionalProperties: false,
    },
    ...(spec.output ? { outputSchema: spec.output } : {}),
    annotations: { readOnlyHint: spec.write !== true, destructiveHint: false, idempotentHint: spec.write !== true, openWorldHint: false },
  }));
}

function fieldSchema(field: Field): Record<string, unknown> {
  const base = field.type === 'strings' ? { type: 'array', items: { type: 'string', minLength: 1 }, ...(field.required ? { minItems: 1 } : {}) } : { type: field.type };
  return { ...base, ...(field.type === 'string' && field.required ? { minLength: 1 } : {}), ...(field.enum ? { enum: [...field.enum] } : {}), description: field.description };
}

/** A tool input the server refuses before running anything: the field and why. */
class InputError extends Error {}

/** The command line of one call, from its checked arguments: `['evidence', 'add', '--json', '--note=…']`. */
export function commandLine(spec: ToolSpec, args: Record<string, unknown>): string[] {
  for (const key of Object.keys(args)) {
    if (!(key in spec.fields)) throw new InputError(`\`${key}\` is not an input of ${spec.name}; its inputs are ${Object.keys(spec.fields).join(', ') || 'none'}`);
  }
  const flags: string[] = [];
  const positional: string[] = [];
  for (const [name, field] of Object.entries(spec.fields)) {
    const value = args[name];
    if (value === undefined || value === null) {
      if (field.required) throw new InputError(`\`${name}\` is required: ${field.description}`);
      continue;
    }
    const values = field.type === 'strings' ? checkList(name, value, field) : [checkOne(name, value, field)];
    if (field.type === 'boolean') {
      if (value === true) flags.push(field.flag!);
      continue;
    }
    for (const v of values) {
      if (field.flag) flags.push(`${field.flag}=${v}`);
      else positional.push(v);
    }
  }
  return [...spec.command, ...spec.fixed, ...flags, ...(positional.length > 0 ? ['--', ...positional] : [])];
}

function checkList(name: string, value: unknown, field: Field): string[] {
  if (!Array.isArray(value)) throw new InputError(`\`${name}\` must be a list of strings, not ${describe(value)}`);
  if (field.required && value.length === 0) throw new InputError(`\`${name}\` needs at least one item: ${field.description}`);
  return value.map((v, i) => checkOne(`${name}[${i}]`, v, { ...field, type: 'string' }));
}

function checkOne(name: string, value: unknown, field: Field): string {
  if (field.type === 'boolean') {
    if (typeof value !== 'boolean') throw new InputError(`\`${name}\` must be true or false, not ${describe(value)}`);
    return String(value);
  }
  if (field.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(`\`${name}\` must be a number, not ${describe(value)}`);
    return String(value);
  }
  if (typeof value !== 'string') throw new InputError(`\`${name}\` must be a string, not ${describe(value)}`);
  if (!/\S/.test(value)) throw new InputError(`\`${name}\` is empty: give it some words${field.required ? '' : ', or leave it out'}`);
  if (field.text && value.trim() === '-') throw new InputError(`\`${name}\` is "-", which at the terminal means "read standard input": give the text itself`);
  if (field.enum && !field.enum.includes(value)) throw new InputError(`\`${name}\` must be one of ${field.enum.join(', ')}, not "${value}"`);
  return value;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value === 'string' ? `"${value}"` : typeof value;
}

/** What one in-process run of pdx printed, and its exit code. */
interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI's flags in a message, as the tool's fields: `--note is blank` → `` `note` is blank``. What
 * the message quotes is a value and stays as it is: no initiative with id `--commit`.
 */
function asFields(spec: ToolSpec, text: string): string {
  const byFlag = new Map(Object.entries(spec.fields).filter(([, f]) => f.flag).map(([name, f]) => [f.flag!, name]));
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/--[a-z][\w-]*/g, (word) => (byFlag.has(word) ? `\`${byFlag.get(word)}\`` : word))))
    .join('');
}

function toolError(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/** What the server uses of the CLI, handed in by program.ts rather than imported. */
export interface McpHost {
  /** `run` of main.ts: one pdx command, in-process. */
  run: (args: string[], io: Io) => Promise<number>;
  version: string;
  findRoot: (start: string) => string | undefined;
  /** A file's problem as the CLI prints it: `file:line:col  error  message  code`. */
  problemLine: (problem: Problem) => string;
}

/**
 * The server: tools over the repo at `root` (the folder `pdx mcp` runs in, or `-C`), each call
 * run one at a time (writes and reads never interleave), until the client closes standard input.
 */
export async function mcp(ctx: Context, { run, version, findRoot, problemLine }: McpHost): Promise<number> {
  const root = ctx.cwd;
  const log = (text: string) => process.stderr.write(`pdx mcp: ${text}\n`);

  /** Runs pdx in-process, as if at a shell that is no terminal: nothing is asked, nothing printed but into these strings. */
  const pdx = async (args: string[]): Promise<Ran> => {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      stdout: { write: (text: string) => (stdout += text), isTTY: false },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
      stdinIsTTY: false,
      stdin: Readable.from([]),
    };
    const code = await run(['--no-input', '--no-color', ...(ctx.cache ? [] : ['--no-cache']), ...args], io);
    return { code, stdout, stderr };
  };

  const call = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => {
    const spec = TOOLS.find((t) => t.name === name);
    if (!spec) return toolError(`unknown tool \`${name}\`; the tools are ${TOOLS.map((t) => t.name).join(', ')}`);
    // Looked for on every call: the repo may be made (or moved) while the server runs.
    if (findRoot(root) === undefined) return toolError(`pdx: no pdx repo in ${root} or any folder above\n  hint: run pdx init there to make one (or start pdx mcp with -C the folder that holds pdx.yaml)`);
    let line: string[];
    try {
      line = commandLine(spec, args);
    } catch (error) {
      if (error instanceof InputError) return toolError(`pdx: ${error.message}; nothing was written`);
      throw error;
    }
    const ran = await pdx(line);
    const failed = ran.code !== 0 && !(ran.code === 1 && spec.failIsAnswer && ran.stdout.trim() !== '');
    const notes = ran.stderr.trim() === '' ? '' : `\n${asFields(spec, ran.stderr.trim())}`;
    if (failed || ran.stdout.trim() === '') {
      const said = asFields(spec, [jsonErrors(ran.stdout, problemLine), ran.stderr.trim()].filter((t) => t !== '').join('\n') || `pdx ${spec.command.join(' ')} failed (exit ${ran.code})`);
      return toolError(spec.write ? `${said}\nnothing was written` : said);
    }
    if (spec.textWhen && Object.entries(spec.textWhen).every(([name, value]) => args[name] === value)) return { content: [{ type: 'text', text: ran.stdout + notes }] };
    const parsed = JSON.parse(ran.stdout) as unknown;
    const structured = (spec.wrap ? { [spec.wrap]: parsed } : parsed) as Record<string, unknown>;
    let text: string;
    if (spec.write) {
      const w = parsed as { id: string; changed: string[]; commit?: string };
      text = `saved ${spec.command[0]} ${w.id}: ${w.changed.join(', ')}${w.commit ? ` (commit ${w.commit})` : ' (not committed)'}`;
    } else {
      // The structured content serialized, as MCP asks of a tool that returns both.
      text = JSON.stringify(structured, null, 2);
    }
    return { structuredContent: structured, content: [{ type: 'text', text: text + notes }] };
  };

  const server = new Server({ name: 'pdx', title: 'pdx: product discovery as code', version }, {
    capabilities: { tools: {} },
    instructions: `Tools over the pdx repo at ${root}: read its status, gates, report, search and evidence; log evidence, ideas and hypotheses through pdx's own checks. Ids come from status, search and evidence_list.`,
  });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolList() }));
  let queue: Promise<unknown> = Promise.resolve();
  server.setRequestHandler(CallToolRequestSchema, (request) => {
    const next = queue.then(async () => {
      try {
        return await call(request.params.name, request.params.arguments ?? {});
      } catch (error) {
        // Nothing a call does may end the server: an unexpected failure is that call's error.
        log(`${request.params.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return toolError(`pdx: internal error in ${request.params.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    queue = next;
    return next;
  });

  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
  });
  server.onerror = (error) => log(`protocol error: ${error.message}`);
  await server.connect(transport);
  // A client may send its calls and close its end at once (`printf … | pdx mcp`): every call read
  // before the end is answered first, then the server closes.
  process.stdin.once('end', () => {
    const drain = async (): Promise<void> => {
      for (;;) {
        const pending = queue;
        await pending.catch(() => undefined);
        // Let the SDK send the reply and hand over any call it has parsed but not queued yet.
        await new Promise((resolve) => setImmediate(resolve));
        if (pending === queue) return;
      }
    };
    void drain().then(() => server.close());
  });
  log(findRoot(root) === undefined ? `no pdx repo in ${root} or above: every tool will say so (run pdx init there to make one)` : `serving the pdx repo of ${root} on stdio`);
  await closed;
  await queue.catch(() => undefined);
  return 0;
}

/**
 * The errors a command given `--json` printed as `{ ok: false, errors }`, as the CLI prints them
 * at a terminal: a file's problem as its `file:line:col` line, any other error with its hint.
 */
function jsonErrors(stdout: string, problemLine: McpHost['problemLine']): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return stdout.trim();
  }
  const errors = (parsed as { ok?: boolean; errors?: (Partial<Problem> & { hint?: string })[] }).errors;
  if (!Array.isArray(errors)) return '';
  return errors
    .map((e) => (e.file ? problemLine({ severity: 'error', code: '', message: '', ...e, file: e.file }) : `pdx: ${e.message ?? ''}${e.hint ? `\n  hint: ${e.hint}` : ''}`))
    .join('\n');
}
