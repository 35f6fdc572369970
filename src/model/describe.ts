import { z } from 'zod';
import { fieldName, suggestion, type FieldPath } from './words.js';

/** A schema issue in words, with the field path and which part of the field to point at. */
export interface FieldIssue {
  path: FieldPath;
  /** `key` points at the key itself (unknown keys); `parent` at the enclosing map (missing keys). */
  target: 'value' | 'key' | 'parent';
  code: string;
  message: string;
}

/** Validates `input` and describes every issue in sentences a product manager understands. */
export function validateRecord<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; issues: FieldIssue[] } {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, issues: pairRenamedKeys(result.error.issues.flatMap((issue) => describeIssue(schema, input, issue))) };
}

/**
 * A field written under another name shows up twice: as an unknown key and as a missing one.
 * When a map has exactly one of each and no spelling suggestion, point from one to the other.
 */
function pairRenamedKeys(issues: FieldIssue[]): FieldIssue[] {
  const parentOf = (issue: FieldIssue) => JSON.stringify(issue.path.slice(0, -1));
  return issues.map((issue) => {
    if (issue.code !== 'schema/unknown-key' || issue.message.includes('did you mean')) return issue;
    const siblings = (code: string) => issues.filter((other) => other.code === code && parentOf(other) === parentOf(issue));
    const missing = siblings('schema/required');
    if (missing.length !== 1 || siblings('schema/unknown-key').length !== 1) return issue;
    return { ...issue, message: `${issue.message} (did you mean \`${String(missing[0]!.path.at(-1))}\`?)` };
  });
}

function describeIssue(schema: z.ZodType, input: unknown, issue: z.core.$ZodIssue): FieldIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const field = fieldName(path);
  const received = (issue as { input?: unknown }).input;

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, input, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        target: 'key' as const,
        code: 'schema/unknown-key',
        message: `unknown field \`${key}\`${suggestion(key, known)}`,
      }));
    }
    case 'invalid_type':
      if (received === undefined) {
        return [{ path, target: 'parent', code: 'schema/required', message: `missing required field \`${field}\`` }];
      }
      {
        const keys = issue.expected === 'object' ? knownKeysAt(schema, input, path) : [];
        const expected = keys.length > 0 ? `a map of fields (${keys.join(', ')})` : (TYPE_WORDS[issue.expected] ?? issue.expected);
        return [{ path, target: 'value', code: 'schema/type', message: `${subject(path)} must be ${expected}, not ${describeValue(received)}` }];
      }
    case 'invalid_value': {
      const options = issue.values.map(String);
      if (received === undefined) {
        return [{ path, target: 'parent', code: 'schema/required', message: `missing required field \`${field}\` (${options.join(', ')})` }];
      }
      return [enumIssue(path, options, received)];
    }
    case 'invalid_union': {
      const discriminated = issue as { discriminator?: string; options?: unknown[] };
      if (discriminated.discriminator && discriminated.options) {
        const options = discriminated.options.map(String);
        const tag = isRecord(received) ? received[discriminated.discriminator] : received;
        if (tag === undefined) {
          return [{ path, target: 'parent', code: 'schema/required', message: `missing required field \`${field}\` (one of: ${options.join(', ')})` }];
        }
        return [enumIssue(path, options, tag)];
      }
      return [{ path, target: 'value', code: 'schema/invalid', message: `${subject(path)} does not match any allowed form` }];
    }
    case 'invalid_format': {
      const code = issue.format === 'date' ? 'schema/date' : 'schema/format';
      return [{ path, target: 'value', code, message: `${subject(path)} must be ${issue.message}, not ${describeValue(received)}` }];
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      const message =
        issue.origin === 'string'
          ? `${subject(path)} must not be empty`
          : issue.origin === 'array'
            ? `${subject(path)} needs at least ${min} ${min === 1 ? 'entry' : 'entries'}`
            : `${subject(path)} must be ${issue.inclusive ? 'at least' : 'greater than'} ${min}`;
      return [{ path, target: 'value', code: 'schema/too-small', message }];
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      const message =
        issue.origin === 'string'
          ? `${subject(path)} is too long (at most ${max} characters)`
          : `${subject(path)} must be at most ${max}`;
      return [{ path, target: 'value', code: 'schema/too-big', message }];
    }
    default:
      return [{ path, target: 'value', code: 'schema/invalid', message: `${subject(path)}: ${issue.message}` }];
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of fields (key: value)',
};

function enumIssue(path: FieldPath, options: string[], received: unknown): FieldIssue {
  const hint = typeof received === 'string' ? suggestion(received, options) : '';
  return {
    path,
    target: 'value',
    code: 'schema/enum',
    message: `${subject(path)} must be one of: ${options.join(', ')}; not ${describeValue(received)}${hint}`,
  };
}

function subject(path: FieldPath): string {
  return path.length === 0 ? 'the file' : `\`${fieldName(path)}\``;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (the value is empty)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map of fields';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return String(value);
}

/** The keys the schema allows at `path`, following the actual input through unions by their discriminator. */
function knownKeysAt(schema: z.ZodType, input: unknown, path: FieldPath): string[] {
  let current: z.ZodType | undefined = schema;
  let value: unknown = input;
  for (const seg of path) {
    current = unwrap(current, value);
    if (current instanceof z.ZodObject) current = current.shape[seg as string] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return [];
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[seg] : undefined;
  }
  current = unwrap(current, value);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
      current = current.def.innerType as z.ZodType;
    } else if (current instanceof z.ZodDiscriminatedUnion) {
      const key = current.def.discriminator;
      const tag = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      current = (current.options as z.ZodType[]).find((option) => {
        const literal = option instanceof z.ZodObject ? option.shape[key] : undefined;
        return literal instanceof z.ZodLiteral && literal.values.has(tag as never);
      });
      if (!current) return undefined;
    } else {
      return current;
    }
  }
}
