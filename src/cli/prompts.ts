import { safeLine } from '../format/safe-text.js';
import { Interrupted, type Check, type ListOptions, type Prompts, type TextOptions } from './context.js';

/**
 * The only module that imports inquirer (lazily: it is heavy). Commands call these only when
 * `ctx.interactive` is true. Ctrl-C at any prompt rejects with `Interrupted` carrying the text
 * then on the line: inquirer says nothing of it, so every text prompt follows its line through
 * the `transformer` hook, which sees the line each time it is drawn (every key press).
 */
async function ask<T>(question: Record<string, unknown>, line?: { text: string }): Promise<T> {
  const { default: inquirer } = await import('inquirer');
  try {
    // The questions are built here from a handful of shapes; inquirer's overloads cannot see that.
    const answers = (await inquirer.prompt([{ name: 'value', ...question } as never])) as { value: T };
    return answers.value;
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new Interrupted(line?.text || undefined);
    throw error;
  }
}

/** An input question that keeps track of its line; `prefill` puts text on the line to edit. */
function input(message: string, options: { defaultValue?: string; prefill?: string; validate: (input: string) => true | string; onLine?: (text: string) => void }, line: { text: string }) {
  const prefilled = options.prefill !== undefined && options.prefill !== '';
  return {
    type: 'input',
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
  return ask<T>({ type: 'list', message, choices: choices.map((c) => ({ ...c, name: safeLine(c.name) })), default: defaultValue, loop: false });
}

export async function askConfirm(message: string, defaultValue = true): Promise<boolean> {
  return ask<boolean>({ type: 'confirm', message, default: defaultValue });
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
