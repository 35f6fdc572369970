/** Field names and spelling suggestions in words, free of any schema library. */

export type FieldPath = (string | number)[];

/** `claims[1].text`: the field as a user would find it in the file. */
export function fieldName(path: FieldPath): string {
  return path.reduce<string>((name, seg) => (typeof seg === 'number' ? `${name}[${seg}]` : name ? `${name}.${seg}` : seg), '');
}

/** ` (did you mean \`status\`?)` when a known word is close enough to be the intended one. */
export function suggestion(word: string, known: readonly string[]): string {
  const best = closest(word, known);
  return best ? ` (did you mean \`${best}\`?)` : '';
}

export function closest(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/**
 * The few known words (at most `max`) the user may have meant by `word`, best first: a word that
 * differs only in case alone; else those a few edits away, that it begins, or whose initials it is
 * (`pm` → `product-manager`); only when there are none, those sharing a part of three letters or
 * more (`self-serve-quotes` → `instant-quotes`, `quotes-api`).
 */
export function nearest(word: string, known: readonly string[], max = 3): string[] {
  const lower = word.toLowerCase();
  const same = known.filter((k) => k.toLowerCase() === lower);
  if (same.length > 0) return same.slice(0, max);
  const limit = Math.max(2, Math.floor(word.length / 3));
  const parts = (text: string) => text.split(/[-_.\s/]+/).filter((p) => p !== '');
  const mine = new Set(parts(lower).filter((p) => p.length >= 3));
  const strong: { candidate: string; rank: number }[] = [];
  const weak: { candidate: string; rank: number }[] = [];
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    const d = editDistance(lower, other);
    const initials = parts(other).map((p) => p[0]).join('');
    const begins = lower.length >= 2 && (other.startsWith(lower) || (initials.length > 1 && initials === lower));
    if (d <= limit || begins) strong.push({ candidate, rank: begins ? Math.min(d, 1) : d });
    else if (parts(other).some((p) => mine.has(p))) weak.push({ candidate, rank: d });
  }
  // One close word hides those much further: `instant-quotes-custmer` means only `…-customer`.
  const bar = Math.min(...strong.map((s) => s.rank)) + 1;
  const best = strong.length > 0 ? strong.filter((s) => s.rank <= bar) : weak;
  return best.sort((a, b) => a.rank - b.rank).slice(0, max).map((s) => s.candidate);
}

/** ` (did you mean \`a\` or \`b\`?)` for the words `nearest` found, or '' for none. */
export function didYouMean(words: readonly string[]): string {
  return words.length === 0 ? '' : ` (did you mean ${oneOf(words)}?)`;
}

/** `\`a\``, `\`a\` or \`b\``, `\`a\`, \`b\` or \`c\``: choices in a question. */
export function oneOf(words: readonly string[]): string {
  const quoted = words.map((w) => `\`${w}\``);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** `a`, `a and b`, `a, b and 3 more`: a few names in a sentence. */
export function someOf(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}
