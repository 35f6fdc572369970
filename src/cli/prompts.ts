import { EXIT, PdxError } from '../errors.js';
import { safeLine } from '../format/safe-text.js';
import type { Prompts } from './context.js';

/**
 * The only module that imports inquirer (lazily: it is heavy). Commands call these only when
 * `ctx.interactive` is true; Ctrl-C at any prompt becomes exit 130 with nothing written.
 */
async function ask<T>(question: Record<string, unknown>): Promise<T> {
  const { default: inquirer } = await import('inquirer');
  try {
    // The questions are built here from a handful of shapes; inquirer's overloads cannot see that.
    const answers = (await inquirer.prompt([{ name: 'value', ...question } as never])) as { value: T };
    return answers.value;
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') {
      throw new PdxError('interrupted', 'interrupted; nothing was written', { exitCode: EXIT.interrupted });
    }
    throw error;
  }
}

export async function askText(message: string, defaultValue?: string, options: { required?: boolean } = {}): Promise<string> {
  const value = await ask<string>({
    type: 'input',
    message,
    default: defaultValue,
    validate: (input: string) => !options.required || input.trim() !== '' || 'an answer is needed',
  });
  return value.trim();
}

export async function askNumber(message: string, options: { required?: boolean } = {}): Promise<number | undefined> {
  const value = await ask<string>({
    type: 'input',
    message,
    validate: (input: string) =>
      (input.trim() === '' && !options.required) || Number.isFinite(Number(input)) || 'a number, e.g. 12 or 0.5',
  });
  return value.trim() === '' ? undefined : Number(value);
}

/** A pick from a list; the names shown quote the repo (titles, names), so they are escaped. */
export async function askChoice<T extends string>(message: string, choices: { value: T; name: string }[], defaultValue?: T): Promise<T> {
  return ask<T>({ type: 'list', message, choices: choices.map((c) => ({ ...c, name: safeLine(c.name) })), default: defaultValue, loop: false });
}

export async function askConfirm(message: string): Promise<boolean> {
  return ask<boolean>({ type: 'confirm', message, default: true });
}

/** Several lines, one prompt each, until an empty answer. */
export async function askList(message: string, first: string): Promise<string[]> {
  const items: string[] = [];
  for (;;) {
    const item = await askText(items.length === 0 ? first : `${message} (empty line to finish)`);
    if (item === '') return items;
    items.push(item);
  }
}

/** The prompts as the terminal asks them. */
export const prompts: Prompts = { askText, askNumber, askChoice, askConfirm, askList };
