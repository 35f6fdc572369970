import type { MessageData } from './rule.js';

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** The placeholder names a message template uses, in order. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * The sentence of `messageId` with its placeholders filled from `data`. An id the rule does not
 * declare, or a placeholder without data, is a bug in the rule: it throws instead of printing
 * `{{count}}` to a product manager.
 */
export function interpolate(ruleId: string, messages: Record<string, string>, messageId: string, data: MessageData = {}): string {
  const template = Object.hasOwn(messages, messageId) ? messages[messageId] : undefined;
  if (template === undefined) throw new Error(`rule ${ruleId} reported message id \`${messageId}\`, which its meta.messages does not declare (declared: ${Object.keys(messages).join(', ')})`);
  return fill(ruleId, `message \`${messageId}\``, template, data, String);
}

/**
 * The command that fixes a finding of `messageId`, its placeholders filled from `data` as shell
 * words (an id with a space or a quote still runs as printed). A failing message without a fix
 * is a bug in the rule, as is a placeholder without data.
 */
export function fixCommand(ruleId: string, fixes: Record<string, string>, messageId: string, data: MessageData): string {
  const template = Object.hasOwn(fixes, messageId) ? fixes[messageId] : undefined;
  if (template === undefined) throw new Error(`rule ${ruleId}: message \`${messageId}\` has no fix in meta.fix`);
  return fill(ruleId, `the fix of \`${messageId}\``, template, data, shellWord);
}

function fill(ruleId: string, what: string, template: string, data: MessageData, show: (value: string | number) => string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(data, name)) throw new Error(`rule ${ruleId}: ${what} needs data for {{${name}}}`);
    return show(data[name]!);
  });
}

/** `value` as one word for a POSIX shell: as it is when it needs no quoting, else in single quotes. */
export function shellWord(value: string | number): string {
  const text = String(value);
  return /^[A-Za-z0-9_.,:/@%+=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
