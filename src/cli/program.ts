import { readFileSync } from 'node:fs';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import {
  DECISIONS,
  EVIDENCE_SOURCES,
  EXPERIMENT_RESULTS,
  EXPERIMENT_STATUSES,
  EXPERIMENT_TYPES,
  HYPOTHESIS_KINDS,
  HYPOTHESIS_STATUSES,
  ROLES,
  STAGES,
  VERDICTS,
} from '../model/vocabulary.js';
import { safeOutput } from '../format/safe-text.js';
import { MAX_DAYS, MAX_WINDOW_DAYS, MAX_WINDOW_WEEKS } from '../model/dates.js';
import { createContext, parseDateOption, parseDaysOption, parseWindowOption, type Context, type GlobalOptions, type Io, type WriteLog } from './context.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The command table. Each command's module is imported only when that command runs, so
 * `pdx --help` and `pdx --version` load nothing but commander.
 */
export function buildProgram(io: Io, setExitCode: (code: number) => void, log?: WriteLog): Command {
  const program = new Command('pdx')
    .description('Product discovery as code: hypotheses, evidence, experiments and OKRs as YAML in git.')
    .version(VERSION, '-V, --version', 'print the pdx version')
    .option('-C <dir>', 'run as if pdx was started in <dir>')
    .option('--no-color', 'print without colour (also NO_COLOR)')
    .option('--no-input', 'never prompt (also when not on a terminal or when CI is set)')
    .option('--no-cache', 'check every file afresh instead of reusing results cached in .pdx/cache/ for unchanged files')
    .option('--debug', 'show the stack behind an error')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run pdx --help to see the commands and options)')
    .exitOverride()
    // commander echoes arguments back (`unknown option '…'`), which scripts may take from a repo.
    .configureOutput({
      writeOut: (text) => io.stdout.write(safeOutput(text, false)),
      writeErr: (text) => io.stderr.write(safeOutput(text, false)),
    });

  /** Wraps a lazily imported command: builds its context, runs it, records its exit code. */
  const lazy =
    <A extends unknown[]>(load: () => Promise<(ctx: Context, ...args: A) => Promise<number>>) =>
    async (...params: unknown[]) => {
      const command = params.at(-1) as Command;
      const globals = command.optsWithGlobals() as GlobalOptions;
      const action = await load();
      const args = params.slice(0, -1) as A;
      // What a draft of the answers typed into this command belongs to: `experiment conclude x1`.
      const names: string[] = [];
      for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
      const positional = params.slice(0, -2).flat().filter((a): a is string => typeof a === 'string');
      setExitCode(await action(createContext(io, globals, log, { name: names.join(' '), args: positional }), ...args));
    };

  program
    .command('init')
    .description('start a pdx repo here: config, folders and editor schema hints (safe to re-run)')
    .option('--name <name>', 'the product team or organisation name shown in reports')
    .option('--no-git', 'do not run `git init` when the folder is not in a git repo')
    .action(lazy(async () => (await import('./commands/init.js')).init));

  program
    .command('validate')
    .description('check every file against its schema, and ids, references and dates across files')
    .addOption(formatOption(['text', 'json', 'github'], 'text'))
    .option('--json', 'shorthand for --format json')
    .option('--as-of <date>', 'treat this day as today (dates after it are reported)', (v) => parseDateOption(v, '--as-of'))
    .action(lazy(async () => (await import('./commands/validate.js')).validate));

  program
    .command('schema')
    .description('print, or write to <dir>, JSON Schemas for every file kind (for editors and other validators)')
    .option('--out <dir>', 'write one <kind>.schema.json file per kind into <dir>', (v) => nonEmpty(v, '--out'))
    .action(lazy(async () => (await import('./commands/schema.js')).schema));

  const date = (flag = '--date', what = 'the date to record (default: today)') => new Option(`${flag} <date>`, what).argParser((v) => parseDateOption(v, flag));
  const number = (flag: string, what: string) => new Option(`${flag} <n>`, what).argParser((v) => parseNumberOption(v, flag));
  const many = (flag: string, what: string) => new Option(`${flag} <text>`, `${what} (repeat for several)`).argParser((v: string, all: string[] = []) => [...all, v]);
  /** Options every write command shares. */
  const writes = (command: Command) =>
    command.option('--commit', 'commit exactly the files this command writes (also git.autoCommit in pdx.yaml)').option('--json', 'print { ok, id, path, changed } as JSON');
  const reads = (command: Command) => command.addOption(formatOption(['table', 'json'], 'table')).option('--json', 'shorthand for --format json');

  const initiative = program.command('initiative').description('discovery initiatives: add, list, show, update');
  writes(
    initiative
      .command('add')
      .description('start an initiative in immersion')
      .option('--title <title>', 'what the initiative is called')
      .option('--id <id>', 'the id (default: from the title)')
      .addOption(new Option('--risk <risk>', 'market (default) or technical').choices(['market', 'technical']))
      .option('--objective <text>', 'the business outcome sought')
      .option('--parent <id>', 'for an expansion: the initiative it expands')
      .addOption(date()),
  ).action(lazy(async () => (await import('./commands/initiative-add.js')).initiativeAdd));
  reads(initiative.command('list').description('every initiative with its stage and days in it').addOption(new Option('--stage <stage>', 'only those at this stage').choices(STAGES)))
    .action(lazy(async () => (await import('./commands/initiative-list.js')).initiativeList));
  reads(initiative.command('show').argument('<id>').description('one initiative: team, history, hypotheses, experiments'))
    .action(lazy(async () => (await import('./commands/initiative-show.js')).initiativeShow));
  writes(
    initiative
      .command('update')
      .argument('<id>')
      .description('change fields of an initiative, leaving the rest of its file as it is')
      .option('--title <title>')
      .option('--objective <text>')
      .addOption(new Option('--risk <risk>').choices(['market', 'technical']))
      .option('--epiphany <text>', 'the epiphany statement')
      .addOption(date('--released-on', 'date of the initial product release')),
  ).action(lazy(async () => (await import('./commands/initiative-update.js')).initiativeUpdate));

  writes(
    program
      .command('team')
      .description('team members')
      .command('add')
      .argument('<target>', 'an initiative or domain id')
      .option('--name <name>')
      .addOption(new Option('--role <role>').choices(ROLES)),
  ).action(lazy(async () => (await import('./commands/team-add.js')).teamAdd));

  writes(program.command('idea').description('ideas from immersion').command('add').argument('<initiative>').option('--text <text>', 'the idea').addOption(date()))
    .action(lazy(async () => (await import('./commands/idea-add.js')).ideaAdd));

  const hypothesis = program.command('hypothesis').description('hypotheses: add, list, show, status');
  writes(
    hypothesis
      .command('add')
      .description('write a hypothesis with its claims (asks at a terminal for what is missing)')
      .option('--initiative <id>')
      .addOption(new Option('--kind <kind>').choices(HYPOTHESIS_KINDS))
      .option('--statement <text>', 'the hypothesis in one or two sentences ("-" reads it from standard input)')
      .option('--statement-file <file>', 'read the statement from this file (UTF-8 text)')
      .addOption(many('--claim', 'a testable claim'))
      .option('--id <id>', 'the id (default: <initiative>-<kind>)')
      .addOption(new Option('--status <status>', 'default draft').choices(HYPOTHESIS_STATUSES))
      .option('--supersedes <id>', 'an earlier hypothesis of the same kind this one iterates on')
      .addOption(date('--date', 'the date written (default: today)'))
      .addOption(many('--segment', 'customer: a segment'))
      .option('--current-solution <text>', 'product: how the job is done today')
      .addOption(number('--improvement-factor', 'product: how many times better (10X is the bar)'))
      .option('--market-size <text>', 'market: how large')
      .addOption(many('--source', 'market: a source for the size'))
      .addOption(many('--competitor', 'competitor: "Name: how well they solve it"'))
      .addOption(many('--price-point', 'pricing: "Name=AMOUNT UNIT"'))
      .addOption(number('--ltv', 'revenue-engine: customer lifetime value'))
      .addOption(number('--cac', 'revenue-engine: customer acquisition cost'))
      .addOption(many('--channel', 'revenue-engine: an acquisition channel')),
  ).action(lazy(async () => (await import('./commands/hypothesis-add.js')).hypothesisAdd));
  reads(
    hypothesis
      .command('list')
      .description('hypotheses with the evidence for and against them')
      .option('--initiative <id>')
      .addOption(new Option('--kind <kind>').choices(HYPOTHESIS_KINDS))
      .addOption(new Option('--status <status>').choices(HYPOTHESIS_STATUSES)),
  ).action(lazy(async () => (await import('./commands/hypothesis-list.js')).hypothesisList));
  reads(hypothesis.command('show').argument('<id>').description('a hypothesis and the evidence on each claim'))
    .action(lazy(async () => (await import('./commands/hypothesis-show.js')).hypothesisShow));
  writes(hypothesis.command('status').argument('<id>').addArgument(new Argument('<status>').choices(HYPOTHESIS_STATUSES)).description('set the status the team decided'))
    .action(lazy(async () => (await import('./commands/hypothesis-status.js')).hypothesisStatus));

  writes(
    program
      .command('evidence')
      .description('observations from the market')
      .command('add')
      .description('log one observation (asks at a terminal for what is missing)')
      .option('--initiative <id>')
      .option('--hypothesis <id>', 'the hypothesis it bears on (with --claim and --verdict)')
      .option('--claim <id>', 'the claim id, e.g. c1')
      .addOption(new Option('--verdict <verdict>').choices(VERDICTS))
      .option('--customer <id>', 'pseudonymous customer id, e.g. C-017')
      .addOption(new Option('--source <source>').choices(EVIDENCE_SOURCES))
      .addOption(date('--date', 'when it was observed (default: today)'))
      .option('--note <text>', 'what was seen or heard ("-" reads it from standard input)')
      .option('--note-file <file>', 'read the note from this file (UTF-8 text)')
      .option('--id <id>', 'the id (default: <date>-<customer>)'),
  ).action(lazy(async () => (await import('./commands/evidence-add.js')).evidenceAdd));

  const experiment = program.command('experiment').description('experiments: add, conclude, list');
  writes(
    experiment
      .command('add')
      .description('write a test card; running from --start, planned without it')
      .option('--initiative <id>')
      .option('--domain <id>')
      .addOption(new Option('--type <type>').choices(EXPERIMENT_TYPES))
      .addOption(many('--hypothesis', 'a hypothesis under test'))
      .option('--believe <text>', 'we believe that…')
      .option('--verify <text>', 'to verify that, we will…')
      .option('--measure <text>', 'and measure…')
      .option('--right-if <text>', 'we are right if…')
      .addOption(date('--start', 'the day it started'))
      .addOption(new Option('--days <n>', `planned duration in days (1 to ${MAX_DAYS})`).argParser((v) => parseDaysOption(v, '--days')))
      .option('--title <text>')
      .option('--id <id>'),
  ).action(lazy(async () => (await import('./commands/experiment-add.js')).experimentAdd));
  writes(
    experiment
      .command('conclude')
      .argument('<id>')
      .description('record the result and the learning card')
      .addOption(new Option('--result <result>').choices(EXPERIMENT_RESULTS))
      .option('--observed <text>', 'we observed… ("-" reads it from standard input)')
      .option('--observed-file <file>', 'read what was observed from this file (UTF-8 text)')
      .option('--learned <text>', 'we learned… ("-" reads it from standard input)')
      .option('--learned-file <file>', 'read what was learned from this file (UTF-8 text)')
      .option('--next <text>', 'therefore we will…')
      .addOption(new Option('--decision <decision>').choices(DECISIONS))
      .addOption(date('--date', 'the day it concluded (default: today)')),
  ).action(lazy(async () => (await import('./commands/experiment-add.js')).experimentConclude));
  reads(
    experiment
      .command('list')
      .option('--initiative <id>')
      .option('--domain <id>')
      .addOption(new Option('--status <status>').choices(EXPERIMENT_STATUSES)),
  ).action(lazy(async () => (await import('./commands/experiment-list.js')).experimentList));

  writes(
    program
      .command('feedback-group')
      .description('the customer feedback group')
      .command('add')
      .argument('<initiative>')
      .argument('<participant...>', 'pseudonymous participant ids')
      .option('--segment <segment>')
      .addOption(date('--date', 'the day they joined (default: today)')),
  ).action(lazy(async () => (await import('./commands/feedback-group-add.js')).feedbackGroupAdd));

  const customer = program.command('customer').description('paying customers');
  writes(customer.command('add').argument('<initiative>').argument('<customer>').addOption(date('--paying-since', 'the day they started paying')))
    .action(lazy(async () => (await import('./commands/customer-add.js')).customerAdd));
  writes(customer.command('churn').argument('<initiative>').argument('<customer>').addOption(date('--date', 'the day they stopped paying (default: today)')))
    .action(lazy(async () => (await import('./commands/customer-add.js')).customerChurn));

  writes(program.command('domain').description('product-management domains').command('add').option('--id <id>').option('--name <name>').option('--purpose <text>'))
    .action(lazy(async () => (await import('./commands/domain-add.js')).domainAdd));
  writes(program.command('okr').description('objectives and key results').command('add').option('--domain <id>').option('--period <period>', 'e.g. 2026-Q4').option('--objective <text>').option('--id <id>'))
    .action(lazy(async () => (await import('./commands/domain-add.js')).okrAdd));
  const kr = program.command('kr').description('key results');
  writes(
    kr
      .command('add')
      .argument('<okr>')
      .option('--metric <text>')
      .addOption(number('--baseline', 'where it starts'))
      .addOption(number('--target', 'where it should get to'))
      .option('--unit <unit>')
      .option('--id <id>'),
  ).action(lazy(async () => (await import('./commands/domain-add.js')).krAdd));
  writes(kr.command('update').argument('<kr>').addOption(number('--current', 'the value now')).addOption(date()).option('--note <text>'))
    .action(lazy(async () => (await import('./commands/domain-add.js')).krUpdate));

  reads(
    program
      .command('stage')
      .argument('<initiative>')
      .description('the current stage, days in it, and the next gate as a checklist')
      .addOption(date('--as-of', 'evaluate as if on this day')),
  ).action(lazy(async () => (await import('./commands/stage.js')).stage));

  writes(
    program
      .command('advance')
      .argument('<initiative>')
      .description('move to the next stage (or --to) when its gate passes; the checklist when it does not')
      .addOption(new Option('--to <stage>', 'the stage to move to; skipping or moving back needs --reason').choices(STAGES))
      .option('--force', 'move even though the gate fails or a stage is skipped (needs --reason; the failed rules are recorded)')
      .option('--reason <text>', 'why: required with --force and for moving back')
      .addOption(date('--date', 'the day of the move (default: today)')),
  ).action(lazy(async () => (await import('./commands/advance.js')).advance));

  program
    .command('gate')
    .addArgument(new Argument('<stage>', 'the stage whose gate to check').choices(STAGES))
    .argument('[initiatives...]', 'check these, whatever their stage (default: every initiative at or past <stage>)')
    .description('check that initiatives meet the gate of a stage (for CI)')
    .addOption(formatOption(['text', 'json', 'github', 'junit'], 'text'))
    .option('--json', 'shorthand for --format json')
    .option('--changed-since <ref>', 'only initiatives whose files changed since this git revision')
    .addOption(date('--as-of', 'evaluate as if on this day'))
    .action(lazy(async () => (await import('./commands/gate.js')).gate));

  const list = (flag: string, what: string) => new Option(`${flag} <id>`, `${what} (repeat for several)`).argParser((v: string, all: string[] = []) => [...all, v]);
  program
    .command('report')
    .description('the weekly health report: experiments per week, time in stage, learning, gate readiness, OKRs')
    .addOption(new Option('--since <window>', `the window: 1w to ${MAX_WINDOW_WEEKS}w or 1d to ${MAX_WINDOW_DAYS}d, e.g. 12w (default) or 30d`).argParser((v) => parseWindowOption(v, '--since')))
    .addOption(date('--as-of', 'report as if on this day'))
    .addOption(formatOption(['table', 'markdown', 'json', 'html'], 'table'))
    .option('--json', 'shorthand for --format json')
    .option('--out <file>', 'write to a file instead of the terminal (for html)', (v) => nonEmpty(v, '--out'))
    .addOption(list('--initiative', 'only this initiative'))
    .addOption(list('--domain', 'only this domain'))
    .option('--team <name>', 'only the initiatives and domains this person is on')
    .action(lazy(async () => (await import('./commands/report.js')).report));

  return program;
}

/** A path flag given an empty value would silently mean "no file": say so instead. */
function nonEmpty(value: string, flag: string): string {
  if (value.trim() === '') throw new InvalidArgumentError(`${flag} needs a file or folder name`);
  return value;
}

function parseNumberOption(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} must be a number, not "${value}"`);
  return n;
}

function formatOption(names: string[], fallback: string): Option {
  return new Option('--format <name>', 'output format').choices(names).default(fallback);
}
