/** Checks of what pdx writes to a colour terminal, shared by the table and terminal tests. */

/** pdx's own SGR sequences (chalk, level 1): each style's opening code, and the code that closes it. */
const CLOSES: Record<string, string> = { 1: '22', 2: '22', 4: '24', 31: '39', 32: '39', 33: '39', 90: '39' };
const SGR = /\x1b\[([0-9;]*)m/g;

/**
 * What is wrong with one line's escape sequences, if anything: an ESC that does not start a whole
 * SGR sequence (`ESC [ digits m`), a code that closes nothing, or a style still open at the end
 * of the line (so that the colour would run on into the next line, or a terminal's wrap).
 */
export function escapeTrouble(line: string): string | undefined {
  const whole = new Set([...line.matchAll(SGR)].map((m) => m.index));
  for (const m of line.matchAll(/\x1b/g)) if (!whole.has(m.index)) return `an escape that is not a whole SGR sequence at ${m.index}`;
  const open = new Map<string, number>();
  for (const [, params] of line.matchAll(SGR)) {
    if (params === '' || params === '0') open.clear();
    else if (CLOSES[params!]) open.set(CLOSES[params!]!, (open.get(CLOSES[params!]!) ?? 0) + 1);
    else if (open.has(params!)) open.delete(params!);
    else return `SGR ${params} closes nothing`;
  }
  return open.size > 0 ? `left open at the end of the line: the style closed by ${[...open.keys()].join(', ')}` : undefined;
}

/** Each troubled line of `text`, with its number and what is wrong: [] when every line is whole and balanced. */
export function escapeTroubles(text: string): string[] {
  return text.split(/\r?\n/).flatMap((line, i) => {
    const trouble = escapeTrouble(line);
    return trouble ? [`line ${i + 1}: ${trouble}: ${JSON.stringify(line)}`] : [];
  });
}

/** Text as it reads, pdx's colours taken out. */
export const plain = (text: string) => text.replace(SGR, '');
