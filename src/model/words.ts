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
 * The known words closest to `word`, best first, at most `max`: those within a few edits, and
 * those sharing a whole part of it (`self-serve-quotes` → `instant-quotes`, `quotes-api`) or
 * containing it. None when nothing is close: a list of everything is the caller's to offer.
 */
export function nearest(word: string, known: readonly string[], max = 3): string[] {
  const lower = word.toLowerCase();
  const parts = new Set(lower.split(/[^a-z0-9]+/).filter((p) => p.length >= 3));
  const limit = Math.max(2, Math.floor(word.length / 3));
  return [...new Set(known)]
    .map((candidate) => {
      const other = candidate.toLowerCase();
      const distance = other === lower ? 0 : editDistance(lower, other);
      const shared = other.split(/[^a-z0-9]+/).filter((p) => parts.has(p)).length;
      const close = distance <= limit || shared > 0 || (Math.min(lower.length, other.length) >= 3 && (other.includes(lower) || lower.includes(other)));
      return { candidate, distance, shared, close };
    })
    .filter((c) => c.close)
    .sort((a, b) => b.shared - a.shared || a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, max)
    .map((c) => c.candidate);
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
