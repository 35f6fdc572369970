import { applyEdits, getNodeValue, modify, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/**
 * JSON with comments (VS Code's settings files), read and edited in place with Microsoft's
 * `jsonc-parser`, the parser VS Code itself uses: an edit changes only the bytes of the value it
 * sets, so the user's comments, trailing commas, order and indentation stay as they were. This is
 * the one module that imports it.
 */

/** A node of a JSONC document's tree. */
export type JsoncNode = Node;

/** A JSONC document: its tree, or where it stops being one. */
export type JsoncDocument = { ok: true; root: Node | undefined } | { ok: false; line: number; column: number; message: string };

/** What VS Code accepts in a settings file: comments and trailing commas. */
const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true } as const;

/** Parses `text`; an empty (or blank) text is a document with no root. */
export function parseJsonc(text: string): JsoncDocument {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, PARSE_OPTIONS);
  const first = errors[0];
  if (first) {
    const before = text.slice(0, first.offset).split(/\r\n|\r|\n/);
    return { ok: false, line: before.length, column: before.at(-1)!.length + 1, message: describeError(printParseErrorCode(first.error)) };
  }
  return { ok: true, root };
}

/** The value of a node: a string, number, boolean or null, an array or an object of them (of a key given twice, the last, as JSON.parse takes it). */
export function jsoncValue(node: Node | undefined): unknown {
  return node === undefined ? undefined : getNodeValue(node);
}

/** The value nodes of `key` in the object node `object`: more than one when the key is given twice. */
function jsoncProperties(object: Node, key: string): Node[] {
  return (object.children ?? []).filter((p) => p.children?.[0]?.value === key).flatMap((p) => p.children?.[1] ?? []);
}

/** The value node of `key` in the object node `object`, if it has one (the last, as JSON.parse and VS Code take it). */
export function jsoncProperty(object: Node, key: string): Node | undefined {
  return jsoncProperties(object, key).at(-1);
}

/** How many times `key` is given in the object node `object`. */
export function jsoncKeyCount(object: Node, key: string): number {
  return jsoncProperties(object, key).length;
}

/**
 * Sets the value at `path` (keys, or an array index; -1 appends to an array) in `text`, creating
 * the objects on the way, and returns the new text (of a key given twice, the first is changed).
 * Inserted lines follow the file's own indentation and line ends. A new key goes at position `at`
 * of its object (the end when left out): inserting at the start keeps a comment at the end of the
 * last entry's line on that line.
 */
export function setJsonc(text: string, path: (string | number)[], value: unknown, at?: number): string {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  const formattingOptions = indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
  return applyEdits(text, modify(text, path, value, { formattingOptions, ...(at === undefined ? {} : { getInsertionIndex: (keys: string[]) => Math.min(at, keys.length) }) }));
}

function describeError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'an unexpected character',
    InvalidNumberFormat: 'a malformed number',
    PropertyNameExpected: 'a property name expected',
    ValueExpected: 'a value expected',
    ColonExpected: 'a colon expected',
    CommaExpected: 'a comma expected',
    CloseBraceExpected: 'a closing } expected',
    CloseBracketExpected: 'a closing ] expected',
    EndOfFileExpected: 'more after the end of the document',
    InvalidCommentToken: 'a malformed comment',
    UnexpectedEndOfComment: 'a comment that never ends',
    UnexpectedEndOfString: 'a string that never ends',
    UnexpectedEndOfNumber: 'a number that never ends',
    InvalidUnicode: 'a malformed \\u escape',
    InvalidEscapeCharacter: 'a malformed escape',
    InvalidCharacter: 'a control character in a string',
  };
  return words[code] ?? code;
}
