/**
 * Shell completion: `pdx completion bash|zsh|fish` prints a script that asks `pdx __complete`
 * what may come next on the command line. The answer comes from the command table itself
 * (commands, options, their choices) and, for ids, from the names of the repo's files, read
 * without writing or locking anything.
 */
import { isAbsolute, resolve } from 'node:path';
import { findRoot } from '../store/root.js';
import type { RecordKind } from '../model/kinds.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** A command as the help and the completion see it: what commander knows, as plain data. */
export interface CommandSpec {
  name: string;
  /** `evidence add`; '' for pdx itself. */
  path: string;
  description: string;
  hidden: boolean;
  options: OptionSpec[];
  args: ArgSpec[];
  commands: CommandSpec[];
}

export interface OptionSpec {
  flags: string;
  long?: string;
  short?: string;
  description: string;
  /** The name of its value (`stage` in `--to <stage>`), when it takes one. */
  value?: string;
  choices?: readonly string[];
  /** Given several times, it collects them (`--claim`). */
  repeatable: boolean;
}

export interface ArgSpec {
  name: string;
  description: string;
  required: boolean;
  variadic: boolean;
  choices?: readonly string[];
}

/** What a value may be, beyond a fixed list of choices. */
type Values = { ids: (RecordKind | 'kr')[] } | { claims: true } | { files: 'file' | 'dir' } | { commands: true } | undefined;

/** Record ids offered for an option, by its name: the same option always names the same kind of record. */
const OPTION_IDS: Record<string, RecordKind | 'kr'> = {
  '--initiative': 'initiative',
  '--parent': 'initiative',
  '--hypothesis': 'hypothesis',
  '--supersedes': 'hypothesis',
  '--experiment': 'experiment',
  '--domain': 'domain',
  '--okr': 'okr',
  '--kr': 'kr',
  '--product': 'initiative',
};

/** Record ids offered for an argument, by its name. */
const ARGUMENT_IDS: Record<string, (RecordKind | 'kr')[]> = {
  initiative: ['initiative'],
  initiatives: ['initiative'],
  hypothesis: ['hypothesis'],
  experiment: ['experiment'],
  domain: ['domain'],
  okr: ['okr'],
  kr: ['kr'],
  target: ['initiative', 'domain'],
  parent: ['initiative'],
};

const RECORD_KINDS = new Set<string>(['initiative', 'hypothesis', 'evidence', 'experiment', 'domain', 'okr']);

function optionValues(command: CommandSpec, option: OptionSpec): Values {
  const long = option.long ?? option.short ?? '';
  if (OPTION_IDS[long]) return { ids: [OPTION_IDS[long]] };
  if (long === '--claim') return { claims: true };
  if (long === '-C' || option.value === 'dir' || (long === '--out' && command.path === 'schema')) return { files: 'dir' };
  if (option.value === 'file' || long === '--out' || long.endsWith('-file')) return { files: 'file' };
  return undefined;
}

function argumentValues(command: CommandSpec, argument: ArgSpec): Values {
  if (command.path === 'help') return { commands: true };
  if (ARGUMENT_IDS[argument.name]) return { ids: ARGUMENT_IDS[argument.name]! };
  // `initiative show <id>`, `hypothesis status <id>`…: the id of a record of the group's kind.
  const group = command.path.split(' ')[0]!;
  if (argument.name === 'id' && RECORD_KINDS.has(group)) return { ids: [group as RecordKind] };
  return undefined;
}

/** One candidate: the word and what it is. */
export interface Candidate {
  value: string;
  description?: string;
}

/** Where ids come from: the tests pass a fixed repo, the command reads the one it runs in. */
export interface IdSource {
  ids(kind: RecordKind | 'kr', owner?: string): string[];
  claims(hypothesis: string): string[];
}

/** What may follow `words` (after `pdx`; the last is the word being typed, '' for a new one). */
export interface Completion {
  candidates: Candidate[];
  /** The shell should complete file or folder names (of the word being typed) instead. */
  files?: 'file' | 'dir';
}

const HELP_OPTION: OptionSpec = { flags: '-h, --help', long: '--help', short: '-h', description: 'show help, with examples', repeatable: false };

/**
 * The candidates for the word being typed, from the command table and `source`. Walks the words
 * as commander would: sub-command names, options (a parent's too) and their values, then arguments.
 */
export function complete(root: CommandSpec, words: readonly string[], source: (given: ReadonlyMap<string, string>) => IdSource): Completion {
  const current = words.at(-1) ?? '';
  const done = words.slice(0, -1);
  let command = root;
  const chain = [root];
  const given = new Map<string, string>();
  const positionals: string[] = [];
  let afterDashes = false;
  for (let i = 0; i < done.length; i++) {
    const word = done[i]!;
    if (!afterDashes && word === '--') {
      afterDashes = true;
      continue;
    }
    if (!afterDashes && word.startsWith('-') && word.length > 1) {
      const [flag, inline] = splitFlag(word);
      const option = findOption(chain, flag);
      if (option?.value !== undefined && inline === undefined) {
        if (i + 1 === done.length) return valuesOf(command, option, current, '', given, source);
        given.set(option.long ?? flag, done[++i]!);
      } else given.set(option?.long ?? flag, inline ?? '');
      continue;
    }
    const sub = positionals.length === 0 ? command.commands.find((c) => c.name === word && !c.hidden) : undefined;
    if (sub) {
      command = sub;
      chain.unshift(sub);
    } else positionals.push(word);
  }
  if (!afterDashes && current.startsWith('-')) {
    const [flag, inline] = splitFlag(current);
    const option = inline === undefined ? undefined : findOption(chain, flag);
    if (option?.value !== undefined) return valuesOf(command, option, inline!, `${flag}=`, given, source);
    // `--version` is answered by pdx alone, not after a command.
    const offered = chain.flatMap((c) => c.options.filter((o) => c === command || o.long !== '--version')).concat(HELP_OPTION);
    const candidates = offered
      .filter((o) => o.repeatable || !given.has(o.long ?? o.short ?? ''))
      .map((o) => ({ value: (o.long ?? o.short)!, description: o.description }))
      .filter((c, i, all) => all.findIndex((d) => d.value === c.value) === i);
    return { candidates: matching(candidates, current) };
  }
  if (command.commands.length > 0 && positionals.length === 0) {
    return { candidates: matching(visible(command).map((c) => ({ value: c.name, description: c.description })), current) };
  }
  const argument = command.args[positionals.length] ?? (command.args.at(-1)?.variadic ? command.args.at(-1) : undefined);
  if (!argument) return { candidates: [] };
  if (argument.choices) return { candidates: matching(argument.choices.map((value) => ({ value })), current) };
  const values = argumentValues(command, argument);
  if (values && 'commands' in values) {
    let target = root;
    for (const word of positionals) target = target.commands.find((c) => c.name === word) ?? target;
    const subs = target === root || positionals.length > 0 ? visible(target) : [];
    return { candidates: matching(subs.map((c) => ({ value: c.name, description: c.description })), current) };
  }
  const taken = argument.variadic ? new Set(positionals) : new Set<string>();
  return finish(values, current, '', given, source, taken);
}

function valuesOf(command: CommandSpec, option: OptionSpec, current: string, prefix: string, given: ReadonlyMap<string, string>, source: (given: ReadonlyMap<string, string>) => IdSource): Completion {
  if (option.choices) return { candidates: matching(option.choices.map((value) => ({ value: `${prefix}${value}` })), `${prefix}${current}`) };
  return finish(optionValues(command, option), current, prefix, given, source, new Set());
}

function finish(values: Values, current: string, prefix: string, given: ReadonlyMap<string, string>, source: (given: ReadonlyMap<string, string>) => IdSource, taken: ReadonlySet<string>): Completion {
  if (!values) return { candidates: [] };
  if ('files' in values) return { candidates: [], files: values.files };
  if ('commands' in values) return { candidates: [] };
  const ids = source(given);
  let found: string[];
  if ('claims' in values) {
    const hypothesis = given.get('--hypothesis');
    found = hypothesis ? ids.claims(hypothesis) : [];
  } else {
    // Hypotheses and experiments are filed by initiative: with --initiative given, only its own.
    const owner = given.get('--initiative');
    found = values.ids.flatMap((kind) => ids.ids(kind, (kind === 'hypothesis' || kind === 'experiment' || kind === 'evidence') && owner ? owner : undefined));
  }
  return { candidates: matching([...new Set(found)].filter((id) => !taken.has(id)).map((id) => ({ value: `${prefix}${id}` })), `${prefix}${current}`) };
}

function visible(command: CommandSpec): CommandSpec[] {
  return command.commands.filter((c) => !c.hidden);
}

function matching(candidates: Candidate[], current: string): Candidate[] {
  return candidates.filter((c) => c.value.startsWith(current));
}

function splitFlag(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return word.startsWith('--') && eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
}

function findOption(chain: readonly CommandSpec[], flag: string): OptionSpec | undefined {
  for (const command of chain) {
    const found = command.options.find((o) => o.long === flag || o.short === flag);
    if (found) return found;
  }
  return undefined;
}

/**
 * The words of a command line up to the cursor, as the shell will pass them: split at unquoted
 * blanks, quotes and backslashes removed; '' last when the line ends in a blank.
 */
export function splitLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  words.push(word);
  return words;
}

/**
 * The answer to `pdx __complete <shell> -- <words…>`: one candidate a line (`value\tdescription`
 * for fish, `value:description` for zsh), or `:file`/`:dir` when the shell should complete paths.
 * `words` start with the command's own name; bash passes the line up to the cursor instead.
 */
export async function completionOutput(root: CommandSpec, shell: Shell, words: readonly string[], cwd: string): Promise<string> {
  const store = await import('../store/ids.js');
  const line = shell === 'bash' ? splitLine(words.join(' ')) : [...words];
  const typed = line.slice(1);
  const result = complete(root, typed.length > 0 ? typed : [''], (given) => repoIds(store, cwd, given.get('-C')));
  if (result.files) return `:${result.files}\n`;
  const lines = result.candidates.map((c) => {
    // bash completes the word after `=` on its own (COMP_WORDBREAKS): give it the value alone.
    const value = shell === 'bash' && c.value.startsWith('--') && c.value.includes('=') ? c.value.slice(c.value.indexOf('=') + 1) : c.value;
    const description = c.description?.replace(/\s+/g, ' ');
    if (shell === 'fish') return description ? `${value}\t${description}` : value;
    if (shell === 'zsh') return description ? `${value.replace(/:/g, '\\:')}:${description}` : value.replace(/:/g, '\\:');
    return value;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Ids from the repo the command line is about (`-C` on it included). */
function repoIds(store: typeof import('../store/ids.js'), cwd: string, dir: string | undefined): IdSource {
  const root = findRoot(dir === undefined ? cwd : isAbsolute(dir) ? dir : resolve(cwd, dir));
  return {
    ids: (kind, owner) => (root ? (kind === 'kr' ? store.keyResultIds(root) : store.recordIds(root, kind, owner)) : []),
    claims: (hypothesis) => (root ? store.claimIds(root, hypothesis) : []),
  };
}

/** The script `pdx completion <shell>` prints. */
export function completionScript(shell: Shell): string {
  return SCRIPTS[shell];
}

const SCRIPTS: Record<Shell, string> = {
  bash: `# pdx completion for bash. Install: pdx completion bash >> ~/.bashrc
_pdx_complete() {
  local line="\${COMP_LINE:0:COMP_POINT}" cur="\${COMP_WORDS[COMP_CWORD]}" item
  COMPREPLY=()
  while IFS= read -r item; do
    case "$item" in
      :file) compopt -o filenames 2>/dev/null; while IFS= read -r item; do COMPREPLY+=("$item"); done < <(compgen -f -- "$cur") ;;
      :dir) compopt -o filenames 2>/dev/null; while IFS= read -r item; do COMPREPLY+=("$item"); done < <(compgen -d -- "$cur") ;;
      ?*) COMPREPLY+=("$item") ;;
    esac
  done < <(pdx __complete bash -- "$line" 2>/dev/null)
}
complete -F _pdx_complete pdx
`,
  zsh: `#compdef pdx
# pdx completion for zsh. Install: pdx completion zsh >> ~/.zshrc (after compinit),
# or save it as _pdx in a folder of $fpath.
_pdx() {
  local -a items
  local item
  while IFS= read -r item; do
    case "$item" in
      :file) _files; return ;;
      :dir) _files -/; return ;;
      ?*) items+=("$item") ;;
    esac
  done < <(pdx __complete zsh -- "\${(@Q)words[1,CURRENT]}" 2>/dev/null)
  (( \${#items} )) && _describe -t pdx pdx items
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _pdx "$@"
else
  compdef _pdx pdx
fi
`,
  fish: `# pdx completion for fish. Install: pdx completion fish > ~/.config/fish/completions/pdx.fish
function __pdx_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    for item in (pdx __complete fish -- $tokens "$current" 2>/dev/null)
        switch $item
            case :file
                __fish_complete_path "$current"
            case :dir
                __fish_complete_directories "$current"
            case '*'
                printf '%s\\n' $item
        end
    end
end
complete -c pdx -f -a '(__pdx_complete)'
`,
};
