/**
 * Places in a JSON text, for messages: where its first syntax error is (the engine's `JSON.parse`
 * messages give no line, and in Node 20 often no position either), and where the value at a field
 * path starts. A small scanner that builds nothing, run only when a message needs a place.
 */

export type JsonPath = readonly (string | number)[];
export interface JsonPlace {
  line: number;
  column: number;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** 1-based line and column of `offset` in `text`. */
function placeOf(text: string, offset: number): JsonPlace {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** A number, true, false or null, matched where the scanner is (sticky: no copy of the rest of the text). */
const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

const describe = (text: string, at: number) => (at >= text.length ? 'the text ends too early' : `unexpected ${JSON.stringify(text[at])}`);

/** Walks `text` as JSON, calling `enter(path, offset)` at the start of every value; throws `Stop` at the first syntax error. */
function walk(text: string, enter: (path: JsonPath, offset: number) => void): void {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (expected: string): never => {
    throw new Stop(i, `${describe(text, i)}, expected ${expected}`);
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'a \\u escape needs four hex digits');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Stop(i, 'an unknown escape in a string');
      } else if (c.charCodeAt(0) < 0x20) throw new Stop(i, 'a control character (such as a line break) inside a string');
      else i++;
    }
    throw new Stop(start, 'a string that is never closed');
  };
  const value = (path: JsonPath): void => {
    space();
    enter(path, i);
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail('a property name in double quotes');
        const key = string();
        space();
        if (text[i] !== ':') fail("':' after the property name");
        i++;
        value([...path, key]);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value([...path, n]);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail("',' or ']'");
      }
    }
    if (c === '"') {
      string();
      return;
    }
    LITERAL.lastIndex = i;
    const literal = LITERAL.exec(text);
    if (!literal) fail('a value');
    i += literal![0].length;
  };
  value([]);
  space();
  if (i < text.length) fail('the end of the text after the JSON value');
}

/** The first syntax error of a text `JSON.parse` refused, at its line and column. */
export function jsonSyntaxError(text: string): JsonPlace & { message: string } {
  try {
    walk(text, () => {});
  } catch (error) {
    if (error instanceof Stop) return { ...placeOf(text, error.offset), message: error.message };
    throw error;
  }
  // JSON.parse refused what the scanner accepts: no known text does, but a message needs a place.
  return { line: 1, column: 1, message: 'not JSON text' };
}

/**
 * Where the value at `path` starts; when the path goes further than the text (a missing field),
 * the value that should hold it. Undefined for text that is not JSON.
 */
export function locateJson(text: string, path: JsonPath): JsonPlace | undefined {
  let best = -1;
  let depth = -1;
  try {
    walk(text, (at, offset) => {
      if (at.length > depth && at.length <= path.length && at.every((k, n) => k === path[n])) {
        best = offset;
        depth = at.length;
      }
    });
  } catch (error) {
    if (error instanceof Stop) return undefined;
    throw error;
  }
  return best < 0 ? undefined : placeOf(text, best);
}
