import { isAbsolute, join, relative } from 'node:path';
import { safeLine } from '../format/safe-text.js';
import { createDraft, listDrafts, removeDraft, replaceDraft } from '../store/drafts.js';
import { findRoot } from '../store/root.js';
import { environmentError } from './failure.js';
import { Interrupted, localToday, type Context, type ListOptions, type Prompts, type TextOptions, type WriteLog } from './context.js';

/**
 * Interviews that never lose a word. Every question a command asks goes through here: each
 * answer is recorded, and as soon as one holds typed words (text, a number, a list, or what was
 * on the line when Ctrl-C came) they are kept in a draft under `.pdx/drafts/`, rewritten after
 * every answer — so a Ctrl-C, a refused write, a crash or a killed process leaves them there.
 * The command removes the draft once it has saved the record (`saved`). The next run of the same
 * command offers, before its first question, to resume a draft: its answers come back as the
 * defaults of the same questions (text on the line to keep or edit, the choice highlighted).
 * Questions are known by their wording, which is what the user answered.
 */

type Kind = 'text' | 'number' | 'choice' | 'list';

interface Answer {
  question: string;
  kind: Kind;
  answer: string | number | string[];
}

/** A draft file's content (JSON, so a person can read it too). */
interface DraftData {
  pdx: 'draft';
  version: 1;
  command: string;
  args: string[];
  /** When the answers were first typed, and last. */
  started: string;
  updated: string;
  answers: Answer[];
  /** The question Ctrl-C stopped, with what was typed on its line (a list: its lines). */
  typing?: { question: string; text: string | string[] };
}

/** What each command's draft is of, for the question that offers it. */
const NOUNS: Record<string, (args: string[]) => string> = {
  'evidence add': () => 'the evidence',
  'hypothesis add': () => 'the hypothesis',
  'initiative add': () => 'the initiative',
  'initiative update': ([id]) => `the update of ${id}`,
  'experiment add': () => 'the experiment',
  'experiment conclude': ([id]) => `the conclusion of ${id}`,
  'idea add': () => 'the idea',
  'team add': () => 'the team member',
  'domain add': () => 'the domain',
  'okr add': () => 'the OKR',
  'kr add': () => 'the key result',
  'kr update': ([kr]) => `the check-in of ${kr}`,
  'customer add': () => 'the paying customer',
};

/** The interview of each command run (a run's contexts share its write log). */
const interviews = new WeakMap<WriteLog, Interview>();

/** The interview of the command `ctx` runs, asking through `raw` (created on first use). */
export function interviewOf(ctx: Context, raw?: Prompts): Interview {
  let interview = interviews.get(ctx.log);
  if (!interview) interviews.set(ctx.log, (interview = new Interview(ctx, raw)));
  else if (raw) interview.raw ??= raw;
  return interview;
}

/** The interview of the command `ctx` runs, if it asked anything. */
export function existingInterview(ctx: Context): Interview | undefined {
  return interviews.get(ctx.log);
}

export class Interview {
  /** The questions as commands see them. */
  readonly prompts: Prompts;
  private readonly answers: Answer[] = [];
  private typing?: DraftData['typing'];
  private started = new Date().toISOString();
  private root?: string | null;
  private begun?: Promise<void>;
  /** This run's draft file (repo-relative), once there is one. */
  private file?: string;
  private typingTimer?: ReturnType<typeof setTimeout>;
  /** A resumed draft: its answers not asked again yet, by question. */
  private previous?: { left: Map<string, Answer[]>; typing?: DraftData['typing'] };

  constructor(
    private readonly ctx: Context,
    public raw?: Prompts,
  ) {
    this.prompts = {
      askText: async (message, defaultValue, options: TextOptions = {}) => {
        const before = await this.recall(message, 'text');
        const onLine = (text: string) => this.typed(message, text);
        const value = await this.asking(message, () => this.prompter.askText(message, defaultValue, { ...options, onLine, ...(typeof before === 'string' && before !== '' ? { prefill: before } : {}) }));
        this.record({ question: message, kind: 'text', answer: value });
        return value;
      },
      askNumber: async (message, options = {}) => {
        const before = await this.recall(message, 'number');
        const value = await this.asking(message, () => this.prompter.askNumber(message, typeof before === 'number' ? { ...options, prefill: before } : options));
        if (value !== undefined) this.record({ question: message, kind: 'number', answer: value });
        return value;
      },
      askChoice: async (message, choices, defaultValue) => {
        const before = await this.recall(message, 'choice');
        const known = choices.find((c) => c.value === before)?.value;
        const value = await this.asking(message, () => this.prompter.askChoice(message, choices, known ?? defaultValue));
        this.record({ question: message, kind: 'choice', answer: value });
        return value;
      },
      // A yes or no is asked afresh each time: it is about what is on the screen now.
      askConfirm: (message, defaultValue) => this.prompter.askConfirm(message, defaultValue),
      askList: async (message, first, options: ListOptions = {}) => {
        const before = await this.recall(first, 'list');
        const prefill = Array.isArray(before) ? before : typeof before === 'string' ? [before] : undefined;
        const onLine = (lines: string[]) => this.typed(first, lines);
        const value = await this.asking(first, () => this.prompter.askList(message, first, { ...options, onLine, ...(prefill ? { prefill } : {}) }));
        this.record({ question: first, kind: 'list', answer: value });
        return value;
      },
    };
  }

  private get prompter(): Prompts {
    if (!this.raw) throw new Error('the interview has no prompts');
    return this.raw;
  }

  /**
   * Keeps `text` as the answer to `question` without asking it (a note typed into standard
   * input), so that it survives a refused write as a typed answer would.
   */
  keep(question: string, text: string): void {
    this.record({ question, kind: 'text', answer: text });
  }

  /** Ctrl-C came while `question` was being answered some other way (standard input): keeps what was typed. */
  interrupted(question: string, typed: string): void {
    if (typed.trim() === '') return;
    this.typing = { question, text: typed };
    this.save();
  }

  /** The command saved what the answers were for: the draft is no longer needed. */
  saved(): void {
    const root = this.repoRoot();
    if (this.file && root) {
      try {
        removeDraft(root, this.file);
      } catch {
        // A draft left behind is offered again, never lost: better than failing a saved write.
      }
    }
    this.file = undefined;
    this.ctx.log.draft = undefined;
  }

  /**
   * The line of `question` as it is typed: kept in the draft at most a second later, so that a
   * terminal closed or a process killed mid-sentence loses at most the last second's words.
   */
  private typed(question: string, text: string | string[]): void {
    this.typing = { question, text };
    this.typingTimer ??= setTimeout(() => {
      this.typingTimer = undefined;
      this.save();
    }, 1000);
    this.typingTimer.unref?.();
  }

  /** Runs one question; on Ctrl-C keeps what was on its line, then lets the interrupt through. */
  private async asking<T>(question: string, ask: () => Promise<T>): Promise<T> {
    try {
      const answer = await ask();
      // Answered: what was on the line is the answer now.
      this.typing = undefined;
      return answer;
    } catch (error) {
      clearTimeout(this.typingTimer);
      this.typingTimer = undefined;
      this.typing = undefined;
      if (error instanceof Interrupted && error.typed !== undefined) {
        const typed = typeof error.typed === 'string' ? error.typed : [...error.typed];
        if ((typeof typed === 'string' ? typed : typed.join('')).trim() !== '') {
          this.typing = { question, text: typed };
          this.save();
        }
      }
      throw error;
    }
  }

  /** Before the first question, offers a draft to resume; then the resumed answer to `question`, if any. */
  private async recall(question: string, kind: Kind): Promise<string | number | string[] | undefined> {
    await (this.begun ??= this.offerDrafts());
    const previous = this.previous;
    if (!previous) return undefined;
    const queue = previous.left.get(question);
    const answer = queue?.find((a) => a.kind === kind);
    if (answer) {
      queue!.splice(queue!.indexOf(answer), 1);
      return answer.answer;
    }
    if (previous.typing?.question === question) {
      const { text } = previous.typing;
      previous.typing = undefined;
      return text;
    }
    return undefined;
  }

  private repoRoot(): string | undefined {
    if (this.root === undefined) {
      const command = this.ctx.command;
      // `init` asks before there is a repo to keep a draft in.
      this.root = command && command.name !== 'init' ? (findRoot(this.ctx.cwd) ?? null) : null;
    }
    return this.root ?? undefined;
  }

  /** Offers this command's drafts, newest first, until one is resumed or none is left. */
  private async offerDrafts(): Promise<void> {
    const root = this.repoRoot();
    const command = this.ctx.command;
    if (!root || !command) return;
    const drafts = listDrafts(root, slugOf(command.name))
      .map(({ file, text }) => ({ file, data: parseDraft(text) }))
      .filter((d): d is { file: string; data: DraftData } => d.data !== undefined && d.data.command === command.name && sameArgs(d.data.args, command.args))
      .sort((a, b) => b.data.updated.localeCompare(a.data.updated));
    for (const draft of drafts) {
      const choice = await this.prompter.askChoice(
        safeLine(`Resume ${(NOUNS[command.name] ?? (() => `pdx ${command.name}`))(command.args)} you started ${this.when(draft.data.started)}${summary(draft.data)}?`),
        [
          { value: 'resume', name: 'yes, resume it' },
          { value: 'later', name: 'no, start a new one and keep this draft for later' },
          { value: 'discard', name: 'no, and delete the draft' },
        ],
        'resume',
      );
      if (choice === 'resume') {
        const left = new Map<string, Answer[]>();
        for (const answer of draft.data.answers) left.set(answer.question, [...(left.get(answer.question) ?? []), answer]);
        this.previous = { left, typing: draft.data.typing };
        this.file = draft.file;
        this.started = draft.data.started;
        this.tell();
        return;
      }
      if (choice === 'discard') removeDraft(root, draft.file);
    }
  }

  private when(iso: string): string {
    const date = new Date(iso);
    const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
    const day = localToday(date);
    // By the clock that stamped it: the day a run takes for today may be fixed (tests run pdx on a set day).
    return day === localToday() ? `at ${time}` : `on ${day} at ${time}`;
  }

  private record(answer: Answer): void {
    clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    this.answers.push(answer);
    this.save();
  }

  /** What the draft holds: this run's answers, and those of a resumed draft not asked again yet. */
  private content(): DraftData {
    const left = this.previous ? [...this.previous.left.values()].flat() : [];
    let typing = this.typing ?? this.previous?.typing;
    const earlier = this.previous?.typing;
    if (this.typing && earlier) {
      // A resumed draft's half-typed line, not reached yet, while another is typed: kept as an answer, offered the same way.
      left.push({ question: earlier.question, kind: Array.isArray(earlier.text) ? 'list' : 'text', answer: earlier.text });
      typing = this.typing;
    }
    return {
      pdx: 'draft',
      version: 1,
      command: this.ctx.command!.name,
      args: this.ctx.command!.args,
      started: this.started,
      updated: new Date().toISOString(),
      answers: [...this.answers, ...left],
      ...(typing ? { typing } : {}),
    };
  }

  /** Writes the draft when it holds typed words; a draft that cannot be written never stops the questions. */
  private save(): void {
    const root = this.repoRoot();
    if (!root) return;
    const data = this.content();
    if (!hasWords(data)) return;
    const text = `${JSON.stringify(data, null, 2)}\n`;
    try {
      if (this.file) replaceDraft(root, this.file, text);
      else this.file = createDraft(root, slugOf(data.command), text);
      this.ctx.log.draftFailed = undefined;
    } catch (error) {
      this.ctx.log.draftFailed = environmentError(error)?.message ?? (error as Error).message;
      return;
    }
    this.tell();
  }

  /** Lets a failure, and a declined save, say where the answers are and how to resume them. */
  private tell(): void {
    const root = this.repoRoot()!;
    const from = this.ctx.invokedIn ?? this.ctx.cwd;
    const file = relative(from, join(root, this.file!));
    const inRepo = !relative(root, from).startsWith('..') && !isAbsolute(relative(root, from));
    const where = inRepo ? '' : ` -C ${quote(relative(from, root) || '.')}`;
    this.ctx.log.draft = { file, resume: `pdx${where} ${[this.ctx.command!.name, ...this.ctx.command!.args.map(quote)].join(' ')}` };
  }
}

function slugOf(command: string): string {
  return command.replace(/[^a-z0-9]+/g, '-');
}

function sameArgs(a: unknown, b: string[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether answers hold anything typed (a pick from a list is not worth a draft). */
function hasWords(data: DraftData): boolean {
  const typed = (value: unknown) => (typeof value === 'number' ? true : typeof value === 'string' ? value.trim() !== '' : Array.isArray(value) && value.some(typed));
  return data.answers.some((a) => a.kind !== 'choice' && typed(a.answer)) || (data.typing !== undefined && typed(data.typing.text));
}

/** A draft's content, or undefined when the file is not one pdx wrote (nothing in it is trusted to be shaped right). */
function parseDraft(text: string): DraftData | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const d = data as Partial<DraftData>;
  const isAnswer = (a: unknown): a is Answer => {
    const x = a as Answer;
    return typeof x === 'object' && x !== null && typeof x.question === 'string' && ['text', 'number', 'choice', 'list'].includes(x.kind) && isValue(x.answer);
  };
  if (typeof d !== 'object' || d === null || d.pdx !== 'draft' || d.version !== 1 || typeof d.command !== 'string' || !Array.isArray(d.args) || !d.args.every((a) => typeof a === 'string')) return undefined;
  if (typeof d.started !== 'string' || typeof d.updated !== 'string' || Number.isNaN(Date.parse(d.started)) || !Array.isArray(d.answers) || !d.answers.every(isAnswer)) return undefined;
  if (d.typing !== undefined && (typeof d.typing?.question !== 'string' || !isValue(d.typing.text))) return undefined;
  // Answers come back onto a terminal's line: no control character may ride along.
  const clean = (v: string | number | string[]): string | number | string[] => (typeof v === 'number' ? v : Array.isArray(v) ? v.map(plain) : plain(v));
  return {
    ...(d as DraftData),
    answers: d.answers.map((a) => ({ ...a, answer: clean(a.answer) })),
    ...(d.typing ? { typing: { question: d.typing.question, text: clean(d.typing.text) as string | string[] } } : {}),
  };
}

function isValue(v: unknown): v is string | number | string[] {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
}

// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ');

/** The first words typed, to recognise a draft by: ` (C-017, "They said the quote…")`. */
function summary(data: DraftData): string {
  const words = [...data.answers.filter((a) => a.kind !== 'choice').map((a) => a.answer), ...(data.typing ? [data.typing.text] : [])]
    .flatMap((v) => (Array.isArray(v) ? v : [String(v)]))
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .slice(0, 2)
    .map((v) => (/^\S{1,16}$/.test(v) ? v : `"${cut(v, 32)}"`));
  return words.length > 0 ? ` (${words.join(', ')})` : '';
}

/** At most `width` characters, cut after a whole word where there is one. */
function cut(text: string, width: number): string {
  if (text.length <= width) return text;
  const part = text.slice(0, width - 1);
  const space = part.lastIndexOf(' ');
  return `${(space > width / 2 ? part.slice(0, space) : part).trimEnd()}…`;
}

/** `text` as one word for a POSIX shell. */
function quote(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
