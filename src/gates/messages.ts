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
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(data, name)) throw new Error(`rule ${ruleId}: message \`${messageId}\` needs data for {{${name}}}`);
    return String(data[name]);
  });
}
