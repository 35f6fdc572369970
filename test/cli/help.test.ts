import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, type Command } from 'commander';
import { complete, splitLine, type CommandSpec, type IdSource } from '../../src/cli/completion.js';
import { EXAMPLES, WORKFLOW } from '../../src/cli/help.js';
import { buildProgram, describeCommand } from '../../src/cli/program.js';
import type { Io } from '../../src/cli/context.js';
import { STAGES } from '../../src/model/vocabulary.js';
import { keyResultIds, recordIds, claimIds } from '../../src/store/ids.js';
import { copyOfExamples, EXAMPLES as EXAMPLE_REPO, runPdx, tempDir } from '../helpers.js';

const quietIo = (): Io => ({ cwd: tempDir(), env: {}, stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false });
const program = (): Command => buildProgram(quietIo(), () => {});
const spec = describeCommand(program());

/** Every command a user can call, pdx itself left out: [spec, its parent]. */
function commands(root: CommandSpec = spec): CommandSpec[] {
  return root.commands.filter((c) => !c.hidden).flatMap((c) => [c, ...commands(c)]);
}
const leaves = commands().filter((c) => c.commands.length === 0);
const WHERE = '(src/cli/program.ts)';

describe('every command teaches', () => {
  it('every command, option and argument has a description', () => {
    const missing: string[] = [];
    for (const command of [spec, ...commands()]) {
      const name = `pdx ${command.path}`.trim();
      if (!command.description.trim()) missing.push(`\`${name}\` has no .description() ${WHERE}`);
      for (const option of command.options) if (!option.description.trim()) missing.push(`\`${name}\`: option ${option.flags} has no description ${WHERE}`);
      for (const argument of command.args) if (!argument.description.trim()) missing.push(`\`${name}\`: argument <${argument.name}> has no description ${WHERE}`);
    }
    expect(missing).toEqual([]);
  });

  it('every command has one to three examples, and every example belongs to a command', () => {
    const problems: string[] = [];
    for (const command of leaves) {
      const count = EXAMPLES[command.path]?.length ?? 0;
      if (count === 0) problems.push(`\`pdx ${command.path}\` has no example: add one under '${command.path}' in EXAMPLES (src/cli/help.ts)`);
      if (count > 3) problems.push(`\`pdx ${command.path}\` has ${count} examples: keep the best three`);
    }
    const paths = new Set(leaves.map((c) => c.path));
    for (const path of Object.keys(EXAMPLES)) {
      if (!paths.has(path)) problems.push(`EXAMPLES (src/cli/help.ts) has examples for \`pdx ${path}\`, which is not a command`);
      for (const example of EXAMPLES[path]!) {
        if (!example.run.startsWith(`pdx ${path}`)) problems.push(`an example of \`pdx ${path}\` runs another command: ${example.run}`);
        if (!example.does.trim()) problems.push(`an example of \`pdx ${path}\` does not say what it does: ${example.run}`);
      }
    }
    expect(problems).toEqual([]);
  });

  /** An example's words after `pdx`, up to a shell redirection (`pdx completion bash >> ~/.bashrc`). */
  const wordsOf = (run: string) => {
    const words = splitLine(run).slice(1);
    const cut = words.findIndex((w) => w === '>' || w === '>>' || w === '|');
    return cut === -1 ? words : words.slice(0, cut);
  };
  const examples = Object.entries(EXAMPLES).flatMap(([path, list]) => list.map((example) => ({ path, run: example.run })));

  it('every example is a valid command line: known options, valid choices and dates, the right arguments', async () => {
    const problems: string[] = [];
    for (const { run } of examples) {
      const parser = program();
      // The actions are replaced: only commander's parsing (with pdx's own value checks) runs.
      const silence = (command: Command) => {
        if (command.commands.length === 0) command.action(() => {});
        command.commands.forEach(silence);
      };
      silence(parser);
      try {
        await parser.parseAsync(wordsOf(run), { from: 'user' });
      } catch (error) {
        if ((error as { code?: string }).code !== 'commander.helpDisplayed') problems.push(`${run}\n  → ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every id an example names is one of the example repo's, so that it can be tried there", () => {
    // The completion knows which words are ids of which kind: every word it offers a closed list
    // for (sub-commands, options, choices, ids) must be on that list.
    const source = (): IdSource => ({
      ids: (kind, owner) => (kind === 'kr' ? keyResultIds(EXAMPLE_REPO) : recordIds(EXAMPLE_REPO, kind, owner)),
      claims: (hypothesis) => claimIds(EXAMPLE_REPO, hypothesis),
    });
    const problems: string[] = [];
    let checked = 0;
    for (const { run } of examples) {
      const words = wordsOf(run);
      words.forEach((word, i) => {
        const offered = complete(spec, [...words.slice(0, i), word.startsWith('-') ? '-' : ''], source);
        if (offered.files || offered.candidates.length === 0) return;
        checked++;
        if (!offered.candidates.some((c) => c.value === word)) {
          problems.push(`${run}\n  → \`${word}\` is none of ${offered.candidates.map((c) => c.value).join(', ')} (in examples/)`);
        }
      });
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(examples.length * 2);
  });

  it('shows its examples and the global options in its help', async () => {
    const result = await runPdx(['evidence', 'add', '--help'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Examples:\n  # ${EXAMPLES['evidence add']![0]!.does}\n  ${EXAMPLES['evidence add']![0]!.run}\n`);
    const globals = result.stdout.slice(result.stdout.indexOf('Global Options:'), result.stdout.indexOf('Examples:'));
    for (const flag of ['-C <dir>', '--no-color', '--no-input', '--no-cache', '--debug']) expect(globals).toContain(flag);
    expect(globals).not.toContain('--version');
    // A group shows one example of each of its commands.
    const group = await runPdx(['kr', '--help'], { cwd: tempDir() });
    expect(group.stdout).toContain(EXAMPLES['kr add']![0]!.run);
    expect(group.stdout).toContain(EXAMPLES['kr update']![0]!.run);
  });
});

describe('pdx --help', () => {
  let help: string;
  beforeAll(async () => {
    help = (await runPdx(['--help'], { cwd: tempDir() })).stdout;
  });

  it('lists the commands by step of the workflow, under its headings, in order', () => {
    const top = spec.commands.filter((c) => !c.hidden).map((c) => c.name);
    const placed = WORKFLOW.flatMap((group) => group.commands);
    expect(top.filter((name) => !placed.includes(name)).map((name) => `\`pdx ${name}\` has no place in WORKFLOW (src/cli/help.ts)`)).toEqual([]);
    const groups = WORKFLOW.map((group) => ({ heading: group.heading, commands: group.commands.filter((name) => top.includes(name)) })).filter((group) => group.commands.length > 0);
    // The lines from the first heading to the stages: headings, and the first word of each command's line.
    const region = help.slice(help.indexOf(`\n${groups[0]!.heading}\n`) + 1, help.indexOf('\nStages'));
    const listed = region.split('\n').flatMap((line) => (/^\S.*:$/.test(line) ? [line] : (/^ {2}([a-z][\w-]*)/.exec(line)?.slice(1) ?? [])));
    expect(listed).toEqual(groups.flatMap((group) => [group.heading, ...group.commands]));
    expect(groups.map((group) => group.heading)).toEqual(['Start, and see what to do next:', 'Capture discovery work:', 'Move through the stages:', 'Check in CI:', 'Review:', 'Product management (after the handoff):', 'Other:']);
    // `pdx status` (when there is one) comes right after init, before any capture.
    expect(WORKFLOW[0]!.commands).toEqual(['init', 'status']);
    expect(listed.slice(0, 2)).toEqual(['Start, and see what to do next:', 'init']);
  });

  it('lists the eight stages in order', () => {
    expect(help).toContain(`  ${STAGES.join(' → ')}\n`);
    expect(STAGES).toHaveLength(8);
  });

  it('`pdx help A B` is `pdx A B --help`, for every command; `pdx help` is `pdx --help`', async () => {
    const dir = tempDir();
    expect((await runPdx(['help'], { cwd: dir })).stdout).toBe(help);
    for (const command of commands()) {
      const words = command.path.split(' ');
      const [viaHelp, viaFlag] = [await runPdx(['help', ...words], { cwd: dir }), await runPdx([...words, '--help'], { cwd: dir })];
      expect(viaHelp.code, command.path).toBe(0);
      expect(viaHelp.stdout, command.path).toBe(viaFlag.stdout);
      expect(viaHelp.stdout, command.path).toContain(`Usage: pdx ${command.path} `);
    }
  });
});

describe('one message style', () => {
  let repo: string;
  beforeAll(() => {
    repo = copyOfExamples();
  });

  /** A usage error as pdx prints every error: `pdx: …` and a hint, exit 2, no parser words, no internal names. */
  const usage = async (args: string[], message: string, hint?: string | RegExp) => {
    const result = await runPdx(args, { cwd: repo });
    expect(result.code, `pdx ${args.join(' ')}: ${result.stderr}`).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^pdx: [^\n]+\n {2}hint: [^\n]+\n$/);
    expect(result.stderr).not.toMatch(/error:|\([A-Z_]{2,}\)|Did you mean/);
    expect(result.stderr.split('\n')[0]).toBe(`pdx: ${message}`);
    if (hint) expect(result.stderr.split('\n')[1]).toMatch(typeof hint === 'string' ? `  hint: ${hint}` : hint);
  };

  it('a stage, kind, role, source, verdict or format that is wrong offers the closest valid ones', async () => {
    await usage(['gate', 'MVP'], 'unknown stage `MVP` (did you mean `mvp`?)', `the stages are ${STAGES.join(', ')}`);
    await usage(['advance', 'instant-quotes', '--to', 'protoyping'], 'unknown stage `protoyping` for --to (did you mean `prototyping`?)');
    await usage(['hypothesis', 'add', '--kind', 'custmer'], 'unknown kind `custmer` for --kind (did you mean `customer`?)');
    await usage(['team', 'add', 'instant-quotes', '--role', 'pm'], 'unknown role `pm` for --role (did you mean `product-manager`?)');
    await usage(['evidence', 'add', '--source', 'interveiw'], 'unknown source `interveiw` for --source (did you mean `interview`?)');
    await usage(['evidence', 'add', '--verdict', 'support'], 'unknown verdict `support` for --verdict (did you mean `supports`?)', 'the verdicts are supports, refutes, neutral');
    await usage(['report', '--format', 'jsn'], 'unknown format `jsn` for --format (did you mean `json`?)');
    await usage(['hypothesis', 'status', 'instant-quotes-customer', 'done'], 'unknown status `done`', 'the statuses are draft, testing, validated, invalidated');
  });

  it('every option and argument with choices refuses a wrong value with the closest one', async () => {
    let checked = 0;
    for (const command of leaves) {
      const words = command.path.split(' ');
      for (const option of command.options.filter((o) => o.choices)) {
        const wrong = option.choices![0]!.toUpperCase();
        await usage([...words, option.long!, wrong], `unknown ${option.value} \`${wrong}\` for ${option.long} (did you mean \`${option.choices![0]}\`?)`);
        checked++;
      }
      const at = command.args.findIndex((a) => a.choices);
      if (at !== -1) {
        const wrong = command.args[at]!.choices![0]!.toUpperCase();
        await usage([...words, ...command.args.slice(0, at).map(() => 'instant-quotes'), wrong], `unknown ${command.args[at]!.name} \`${wrong}\` (did you mean \`${command.args[at]!.choices![0]}\`?)`);
        checked++;
      }
    }
    // The loops must have something to walk: choices that stopped reaching the command table would pass them silently.
    expect(checked).toBeGreaterThanOrEqual(20);
    expect(leaves.find((c) => c.path === 'gate')!.args[0]!.choices).toContain('mvp');
    expect(leaves.find((c) => c.path === 'evidence add')!.options.find((o) => o.long === '--source')!.choices).toContain('interview');
  });

  it('a mistake on the command line names what was typed, never an internal name', async () => {
    await usage(['statu'], 'unknown command `statu` (did you mean `status` or `stage`?)', 'pdx --help lists the commands');
    await usage(['evidence', 'ad'], 'unknown command `ad` for `pdx evidence` (did you mean `add`?)', 'pdx evidence --help lists the commands');
    await usage(['help', 'evidence', 'ad'], 'unknown command `ad` for `pdx evidence` (did you mean `add`?)');
    await usage(['evidence', 'add', '--not'], 'unknown option `--not` for `pdx evidence add` (did you mean `--note` or `--note-file`?)', 'pdx evidence add --help lists its options');
    await usage(['completion'], '`pdx completion` needs the shell (usage: pdx completion [options] <shell>)', `for example: ${EXAMPLES.completion![0]!.run}`);
    await usage(['evidence', 'add', '--note'], '--note needs a value: --note <text>, what was seen or heard ("-" reads it from standard input)');
    await usage(['stage', 'instant-quotes', 'dock-slot-booking'], '`pdx stage` takes one argument; unexpected `dock-slot-booking` (usage: pdx stage [options] [initiative])');
    await usage(['validate', 'extra'], '`pdx validate` takes no arguments; unexpected `extra` (usage: pdx validate [options])');
  });

  it('an unknown id offers the closest ids, or the ids there are', async () => {
    await usage(['stage', 'self-serve-quotes'], 'no initiative with id `self-serve-quotes`', 'did you mean `instant-quotes` or `quotes-api`?');
    await usage(['hypothesis', 'show', 'instant-quotes-custmer'], 'no hypothesis with id `instant-quotes-custmer`', 'did you mean `instant-quotes-customer`?');
    await usage(['gate', 'mvp', 'warehouse-robots'], 'no initiative with id `warehouse-robots`', /^ {2}hint: the initiatives are `cargo-protection`, `carrier-payouts`, `delay-alerts`, `dock-slot-booking`, `instant-quotes`, `quotes-api`, `tracking-links`/);
    await usage(['gate', 'mvp', 'freight-tracking'], 'no initiative with id `freight-tracking`', 'did you mean `tracking-links`?');
  });

  it("a value refused by commander's own InvalidArgumentError (a parser another command may add) reads the same", async () => {
    const parser = program();
    parser
      .command('try')
      .description('d')
      .argument('[n]', 'd', (v: string) => {
        throw new InvalidArgumentError(`n must be a number, not "${v}"`);
      })
      .option('--size <n>', 'd', (v: string) => {
        throw new InvalidArgumentError(`must be a number, not "${v}"`);
      })
      .action(() => {});
    await expect(parser.parseAsync(['try', '--size', 'big'], { from: 'user' })).rejects.toMatchObject({ message: '--size: must be a number, not "big"', exitCode: 2 });
    await expect(parser.parseAsync(['try', 'x'], { from: 'user' })).rejects.toMatchObject({ message: 'n must be a number, not "x"', hint: 'pdx try --help says more' });
  });

  it('with --json, a mistake on the command line is JSON on stdout too', async () => {
    const result = await runPdx(['validate', '--json', '--format', 'jsn'], { cwd: repo });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, errors: [{ code: 'usage', message: 'unknown format `jsn` for --format (did you mean `json`?)', hint: 'the formats are text, json, github, gitlab, markdown' }] });
  });
});
