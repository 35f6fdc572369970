import { safeLine } from '../format/safe-text.js';
import { Interrupted, type Check, type ListOptions, type Prompts, type TextOptions } from './context.js';

/**
 * The only module that imports inquirer's prompts (`@inquirer/input`, `select`, `confirm`; each
 * lazily: they are heavy). Commands call these only when `ctx.interactive` is true. Ctrl-C at any
 * prompt rejects with `Interrupted` carrying the text then on the line: inquirer says nothing of
 * it, so every text prompt follows its line through the `transformer` hook, which sees the line
 * each time it is drawn (every key press).
 */
async function ask<T>(question: Question, line?: { text: string }): Promise<T> {
  try {
    // The questions are built here from three shapes; the prompts' own types are stricter than they need be.
    if (question.type === 'input') {
      const { default: input } = await import('@inquirer/input');
      return (await input(question.config as never)) as T;
    }
    if (question.type === 'select') {
      const { default: select } = await import('@inquirer/select');
      return (await select(question.config as never)) as T;
    }
    const { default: confirm } = await import('@inquirer/confirm');
    return (await confirm(question.config as never)) as T;
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new Interrupted(line?.text || undefined);
    throw error;
  }
}

/** A question: which prompt asks it, and that prompt's config. */
type Question = { type: 'input' | 'select' | 'confirm'; config: Record<string, unknown> };

/** An input question that keeps track of its line; `prefill` puts text on the line to edit. */
function input(message: string, options: { defaultValue?: string; prefill?: string; validate: (input: string) => true | string; onLine?: (text: string) => void }, line: { text: string }) {
  const prefilled = options.prefill !== undefined && options.prefill !== '';
  const config = {
    message,
    // inquirer puts an editable prefill on the line only as its default.
    default: prefilled ? options.prefill : options.defaultValue,
    ...(prefilled ? { prefill: 'editable' } : {}),
    validate: options.validate,
    transformer: (value: string, { isFinal }: { isFinal: boolean }) => {
      if (!isFinal && value !== line.text) {
        line.text = value;
        options.onLine?.(value);
      }
      return value;
    },
  };
  return { type: 'input' as const, config };
}

const check = (validate: Check | undefined, value: string): true | string => (validate ? validate(value) : true);

export async function askText(message: string, defaultValue?: string, options: TextOptions = {}): Promise<string> {
  const line = { text: options.prefill ?? '' };
  const value = await ask<string>(
    input(message, {
      defaultValue,
      prefill: options.prefill,
      onLine: options.onLine,
      validate: (text) => (options.required && text.trim() === '' ? 'an answer is needed' : text.trim() === '' ? true : check(options.validate, text.trim())),
    }, line),
    line,
  );
  return value.trim();
}

export async function askNumber(message: string, options: { required?: boolean; prefill?: number } = {}): Promise<number | undefined> {
  const line = { text: '' };
  const value = await ask<string>(
    input(message, {
      prefill: options.prefill === undefined ? undefined : String(options.prefill),
      validate: (text) => (text.trim() === '' && !options.required) || (text.trim() !== '' && Number.isFinite(Number(text))) || 'a number, e.g. 12 or 0.5',
    }, line),
    line,
  );
  return value.trim() === '' ? undefined : Number(value);
}

/** A pick from a list; the names shown quote the repo (titles, names), so they are escaped. */
export async function askChoice<T extends string>(message: string, choices: { value: T; name: string }[], defaultValue?: T): Promise<T> {
  return ask<T>({ type: 'select', config: { message, choices: choices.map((c) => ({ ...c, name: safeLine(c.name) })), default: defaultValue, loop: false } });
}

export async function askConfirm(message: string, defaultValue = true): Promise<boolean> {
  return ask<boolean>({ type: 'confirm', config: { message, default: defaultValue } });
}

/** Several lines, one prompt each, until an empty answer; Ctrl-C keeps the lines given so far. */
export async function askList(message: string, first: string, options: ListOptions = {}): Promise<string[]> {
  const items: string[] = [];
  for (;;) {
    const required = options.required && items.length === 0;
    try {
      const onLine = options.onLine && ((text: string) => options.onLine!([...items, text]));
      const item = await askText(items.length === 0 ? first : `${message} (empty line to finish)`, undefined, { required, validate: options.validate, prefill: options.prefill?.[items.length], onLine });
      if (item === '') return items;
      items.push(item);
    } catch (error) {
      if (error instanceof Interrupted) throw new Interrupted([...items, ...(typeof error.typed === 'string' ? [error.typed] : [])]);
      throw error;
    }
  }
}

/** The prompts as the terminal asks them. */
export const prompts: Prompts = { askText, askNumber, askChoice, askConfirm, askList };
