import { readFileSync } from 'node:fs';
import { Argument, Command, Help, Option, type ErrorOptions } from 'commander';
import {
  DECISIONS,
  EVIDENCE_SOURCES,
  STRENGTHS,
  EXPERIMENT_RESULTS,
  EXPERIMENT_STATUSES,
  EXPERIMENT_TYPES,
  HYPOTHESIS_KINDS,
  HYPOTHESIS_STATUSES,
  ROLES,
  STAGES,
  VERDICTS,
} from '../model/vocabulary.js';
import { usageError, type PdxError } from '../errors.js';
import { safeOutput } from '../format/safe-text.js';
import { MAX_DAYS, MAX_WINDOW_DAYS, MAX_WINDOW_WEEKS } from '../model/dates.js';
import { didYouMean, nearest } from '../model/words.js';
import { SHELLS, type CommandSpec, type Shell } from './completion.js';
import { createContext, parseDateOption, parseDaysOption, parseWindowOption, type Context, type GlobalOptions, type Io, type WriteLog } from './context.js';
import { EXAMPLES, examplesText, programHelpText, WORKFLOW } from './help.js';

/** The version of pdx, from its package.json. */
export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The command table. Each command's module is imported only when that command runs, so
 * `pdx --help` and `pdx --version` load nothing but commander.
 */
export function buildProgram(io: Io, setExitCode: (code: number) => void, log?: WriteLog, onCommand?: (words: string[]) => void): Command {
  const program = new PdxCommand('pdx')
    .description('Product discovery as code: hypotheses, evidence, experiments and OKRs as YAML in git.')
    .version(VERSION, '-V, --version', 'print the pdx version')
    .helpOption('-h, --help', 'show help, with examples')
    // One `pdx help A B` for every depth (commander's own help command reads one word).
    .helpCommand(false)
    .configureHelp({ showGlobalOptions: true, visibleGlobalOptions: globalOptionsInHelp, subcommandTerm })
    .option('-C <dir>', 'run as if pdx was started in <dir>')
    .option('--no-color', 'print without colour (also NO_COLOR)')
    .option('--no-input', 'never prompt (also when not on a terminal or when CI is set)')
    .option('--no-cache', 'check every file afresh instead of reusing results cached in .pdx/cache/ for unchanged files')
    .option('--debug', 'show the stack behind an error')
    .exitOverride()
    // Help only: a parser's error is a PdxError (PdxCommand.error), printed by main.ts as every error is.
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
      onCommand?.(names);
      const positional = params.slice(0, -2).flat().filter((a): a is string => typeof a === 'string');
      const ctx = createContext(io, globals, log, { name: names.join(' '), args: positional });
      checkDaysPast(command, ctx.today);
      setExitCode(await action(ctx, ...args));
    };

  program
    .command('init')
    .description('start a pdx repo here: config, folders and editor schema hints (safe to re-run)')
    .option('--name <name>', 'the product team or organisation name shown in reports')
    .option('--vision <text>', 'the product vision, shown at the top of status and the report (written into a new pdx.yaml)')
    .option('--no-git', 'do not run `git init` when the folder is not in a git repo')
    .option('--commit', 'commit the files of the scaffold (what init creates, and what it made before that git does not track yet)')
    .action(lazy(async () => (await import('./commands/init.js')).init));

  program
    .command('validate')
    .description('check every file against its schema, and ids, references and dates across files')
    .addOption(formatOption(['text', 'json', 'github', 'gitlab', 'markdown'], 'text'))
    .option('--json', 'shorthand for --format json')
    .option('--as-of <date>', 'treat this day as today (dates after it are reported)', (v) => parseDateOption(v, '--as-of'))
    .action(lazy(async () => (await import('./commands/validate.js')).validate));

  program
    .command('schema')
    .description('print, or write to <dir>, JSON Schemas for every file kind (for editors and other validators)')
    .option('--out <dir>', 'write one <kind>.schema.json file per kind into <dir>', (v) => nonEmpty(v, '--out'))
    .action(lazy(async () => (await import('./commands/schema.js')).schema));

  program
    .command('mcp')
    .description("serve this repo's tools to an AI assistant: a Model Context Protocol server on stdio (read status, gates, the report, search; log evidence, ideas, hypotheses)")
    .addHelpText(
      'after',
      [
        '',
        'An MCP client starts it and talks to it over standard input and output; nothing is asked and',
        'nothing but the protocol is printed (its log goes to standard error). Each tool call reads the',
        'repo afresh; writes go through the same checks as the commands (evidence add, idea add,',
        'hypothesis add), commit only as they do (commit: true, or git.autoCommit in pdx.yaml), and sign',
        "with your git name. It serves the repo of the folder it is started in (or -C); with none there, it",
        'starts anyway and each tool says to run pdx init.',
        '',
        'Claude Code:      claude mcp add pdx -- pdx mcp -C /path/to/repo',
        'VS Code (.vscode/mcp.json):  { "servers": { "pdx": { "command": "pdx", "args": ["mcp"] } } }',
        'Claude Desktop (claude_desktop_config.json):',
        '  { "mcpServers": { "pdx": { "command": "pdx", "args": ["mcp", "-C", "/path/to/repo"] } } }',
      ].join('\n'),
    )
    .action(
      lazy(async () => {
        // The server gets the CLI handed in: bundled, mcp.cjs is a file of its own that holds none of it.
        const [{ mcp }, { run }, { findRoot }, { problemLine }] = await Promise.all([import('./mcp.js'), import('./main.js'), import('../store/root.js'), import('../format/problems-text.js')]);
        return (ctx: Context) => mcp(ctx, { run, version: VERSION, findRoot, problemLine: (p) => problemLine(p) });
      }),
    );

  const date = (flag = '--date', what = 'the date to record (default: today)') => {
    const option = new Option(`${flag} <date>`, what).argParser((v) => parseDateOption(v, flag));
    DATE_OPTIONS.add(option);
    return option;
  };
  const number = (flag: string, what: string) => new Option(`${flag} <n>`, what).argParser((v) => parseNumberOption(v, flag));
  const budget = (what: string) => new Option('--budget <amount>', what).argParser((v) => parseBudgetOption(v));
  const many = (flag: string, what: string) => repeatable(new Option(`${flag} <text>`, `${what} (repeat for several)`).argParser((v: string, all: string[] = []) => [...all, v]));
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
      .option('--parent <id>', 'for an expansion: the product it expands (handed off or at mvp)')
      .addOption(date()),
  ).action(lazy(async () => (await import('./commands/initiative-add.js')).initiativeAdd));
  writes(
    program
      .command('expand')
      .argument('[parent]', 'the product it expands: handed off or at mvp (asked at a terminal when left out)')
      .description('start an expansion (a next product or vertical) of a product in immersion: initiative add --parent')
      .option('--title <title>', 'what the expansion is called')
      .option('--id <id>', 'the id (default: from the title)')
      .addOption(new Option('--risk <risk>', 'market (default) or technical').choices(['market', 'technical']))
      .option('--objective <text>', 'the business outcome sought')
      .addOption(date()),
  ).action(lazy(async () => (await import('./commands/initiative-add.js')).expand));
  reads(initiative.command('list').description('every initiative with its stage and days in it').addOption(new Option('--stage <stage>', 'only those at this stage').choices(STAGES)))
    .action(lazy(async () => (await import('./commands/initiative-list.js')).initiativeList));
  reads(initiative.command('show').argument('[id]', 'the initiative (asked at a terminal when left out)').description('one initiative: team, history, hypotheses, experiments'))
    .action(lazy(async () => (await import('./commands/initiative-show.js')).initiativeShow));
  writes(
    initiative
      .command('update')
      .argument('[id]', 'the initiative (asked at a terminal when left out)')
      .description('change fields of an initiative, leaving the rest of its file as it is')
      .option('--title <title>', 'the new title')
      .option('--objective <text>', 'the new business outcome sought')
      .addOption(new Option('--risk <risk>', 'market or technical').choices(['market', 'technical']))
      .option('--epiphany <text>', 'the epiphany statement')
      .addOption(date('--date', 'the day of the epiphany (default: today for a first one; a reworded one keeps its day)'))
      .addOption(date('--released-on', 'date of the initial product release'))
      .addOption(budget("what the team costs per period, in the organisation's currency (zero or more): the portfolio's money view"))
      // Not a field to edit: the domain is set by the handoff, which the option points at.
      .addOption(new Option('--domain <id>').hideHelp()),
  ).action(lazy(async () => (await import('./commands/initiative-update.js')).initiativeUpdate));

  writes(
    program
      .command('team')
      .description("the people on an initiative's or a domain's team")
      .command('add')
      .description("add a person to an initiative's or a domain's team")
      .argument('[target]', 'the initiative or domain whose team it is (asked at a terminal when left out)')
      .option('--name <name>', "the person's name")
      .addOption(new Option('--role <role>', 'their role on the team').choices(ROLES))
      .addOption(date('--date', 'the day they joined (default: today)')),
  ).action(lazy(async () => (await import('./commands/team-add.js')).teamAdd));

  writes(
    program
      .command('idea')
      .description('ideas gathered during immersion')
      .command('add')
      .description('write down an idea for an initiative, dated and signed with your git name')
      .argument('[initiative]', 'the initiative the idea is for (asked at a terminal when left out)')
      .option('--text <text>', 'the idea')
      .addOption(date('--date', 'the day you had it (default: today)')),
  ).action(lazy(async () => (await import('./commands/idea-add.js')).ideaAdd));

  const hypothesis = program.command('hypothesis').description('hypotheses: add, list, show, status');
  writes(
    hypothesis
      .command('add')
      .description('write a hypothesis with its claims (asks at a terminal for what is missing)')
      .option('--initiative <id>', 'the initiative it belongs to')
      .addOption(new Option('--kind <kind>', 'which of the six hypotheses').choices(HYPOTHESIS_KINDS))
      .option('--statement <text>', 'the hypothesis in one or two sentences ("-" reads it from standard input)')
      .option('--statement-file <file>', 'read the statement from this file (UTF-8 text)')
      .addOption(many('--claim', 'a testable claim; "high: …" or "low: …" sets its importance (default medium)'))
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
      .option('--initiative <id>', "only this initiative's")
      .addOption(new Option('--kind <kind>', 'only this kind').choices(HYPOTHESIS_KINDS))
      .addOption(new Option('--status <status>', 'only those with this status').choices(HYPOTHESIS_STATUSES)),
  ).action(lazy(async () => (await import('./commands/hypothesis-list.js')).hypothesisList));
  reads(hypothesis.command('show').argument('[id]', 'the hypothesis (asked at a terminal when left out)').description('a hypothesis and the evidence on each claim'))
    .action(lazy(async () => (await import('./commands/hypothesis-show.js')).hypothesisShow));
  writes(
    hypothesis
      .command('status')
      .argument('[id]', 'the hypothesis (asked at a terminal when left out)')
      .addArgument(new Argument('[status]', 'its new status (asked at a terminal when left out)').choices(HYPOTHESIS_STATUSES))
      .description('set the status the team decided (refused when the evidence contradicts it, unless --force --reason)')
      .addOption(date('--date', 'the day the team set it (default: today)'))
      .option('--force', 'set it although the evidence contradicts it (needs --reason; recorded, and the gates warn of it)')
      .option('--reason <text>', 'why, with --force: recorded on the hypothesis'),
  ).action(lazy(async () => (await import('./commands/hypothesis-status.js')).hypothesisStatus));

  const evidence = program.command('evidence').description('observations from the market: add, list, show');
  writes(
    evidence
      .command('add')
      .description('log one observation (asks at a terminal for what is missing)')
      .option('--initiative <id>', 'the initiative it was gathered for')
      .option('--hypothesis <id>', 'the hypothesis it bears on (with --claim and --verdict)')
      .option('--claim <id>', 'the claim id, e.g. c1')
      .addOption(new Option('--verdict <verdict>', 'what it says about the claim').choices(VERDICTS))
      .option('--customer <id>', 'pseudonymous customer id, e.g. C-017')
      .addOption(new Option('--source <source>', 'how it was gathered').choices(EVIDENCE_SOURCES))
      .option('--experiment <id>', 'the experiment it came from: its type sets the strength (a concierge test is strong, interviews weak)')
      .addOption(new Option('--strength <strength>', 'weak (what people said) or strong (what they did), instead of what the source gives').choices(STRENGTHS))
      .addOption(date('--date', 'when it was observed (default: today)'))
      .option('--note <text>', 'what was seen or heard ("-" reads it from standard input)')
      .option('--note-file <file>', 'read the note from this file (UTF-8 text)')
      .option('--quote <text>', 'the customer\'s own words, verbatim ("-" reads them from standard input)')
      .option('--quote-file <file>', 'read the quote from this file (UTF-8 text)')
      .option('--segment <segment>', 'the customer segment, one of the customer hypothesis\'s segments')
      .addOption(repeatable(new Option('--tag <word>', 'a short word to find it by (repeat for several)').argParser((v: string, all: string[] = []) => [...all, v])))
      .option('--id <id>', 'the id (default: <date>-<customer>)'),
  ).action(lazy(async () => (await import('./commands/evidence-add.js')).evidenceAdd));
  reads(
    evidence
      .command('list')
      .description('evidence that matches every filter given, newest first')
      .option('--initiative <id>', "only this initiative's")
      .option('--hypothesis <id>', 'only evidence on this hypothesis')
      .option('--claim <id>', 'only evidence on this claim, e.g. c1')
      .option('--customer <id>', "only this customer's")
      .option('--segment <segment>', 'only from this customer segment')
      .addOption(repeatable(new Option('--tag <word>', 'only evidence with this tag (repeat: with every one of them)').argParser((v: string, all: string[] = []) => [...all, v])))
      .addOption(new Option('--verdict <verdict>', 'only with this verdict').choices(VERDICTS))
      .addOption(new Option('--since <window>', `only the last 1d to ${MAX_WINDOW_DAYS}d or 1w to ${MAX_WINDOW_WEEKS}w, e.g. 4w`).argParser((v) => parseWindowOption(v, '--since')))
      .addOption(date('--as-of', 'as if on this day: later evidence is left out')),
  ).action(lazy(async () => (await import('./commands/evidence-list.js')).evidenceList));
  reads(evidence.command('show').argument('<id>', 'the evidence id').description('one evidence record with its note, quote, segment, tags and the claim it bears on'))
    .action(lazy(async () => (await import('./commands/evidence-show.js')).evidenceShow));
  reads(
    program
      .command('search')
      .argument('<text...>', 'the words to find, every one of them (case and accents ignored)')
      .description('find words in evidence notes and quotes, ideas, hypotheses and their claims, and learning cards'),
  ).action(lazy(async () => (await import('./commands/search.js')).search));

  const experiment = program.command('experiment').description('experiments: add, conclude, list, show');
  writes(
    experiment
      .command('add')
      .description('write a test card; running from --start, planned without it')
      .option('--initiative <id>', 'the initiative it tests (or --domain)')
      .option('--domain <id>', 'the domain it tests, in product management (or --initiative)')
      .option('--kr <id>', "with --domain: the key result it is meant to move (one of the domain's OKRs)")
      .option('--product <id>', 'with --domain: the product it targets (an initiative handed off to the domain)')
      .addOption(new Option('--type <type>', 'the kind of test').choices(EXPERIMENT_TYPES))
      .addOption(many('--hypothesis', 'a hypothesis under test'))
      .option('--believe <text>', 'we believe that…')
      .option('--verify <text>', 'to verify that, we will…')
      .option('--measure <text>', 'and measure…')
      .option('--right-if <text>', 'we are right if…')
      .addOption(date('--start', 'the day it started'))
      .addOption(date('--date', 'the same as --start'))
      .addOption(new Option('--days <n>', `planned duration in days (1 to ${MAX_DAYS})`).argParser((v) => parseDaysOption(v, '--days')))
      .option('--title <text>', 'a short name')
      .option('--id <id>', 'the id (default: <initiative or domain>-<title or type>)')
      .option('--baseline-rate <rate>', "an A/B test's expected control conversion rate, e.g. 0.04 or 4% (with --mde: prints the sample size)")
      .option('--mde <lift>', 'the smallest relative lift worth detecting, e.g. 0.1 or 10% (with --baseline-rate; a drop when --kr falls)'),
  ).action(lazy(async () => (await import('./commands/experiment-add.js')).experimentAdd));
  writes(
    experiment
      .command('conclude')
      .argument('[id]', 'the running or planned experiment (asked at a terminal when left out)')
      .description('record the result and the learning card; for an A/B test, its counts (lift, interval, p-value)')
      .addOption(new Option('--result <result>', 'what the test showed').choices(EXPERIMENT_RESULTS))
      .option('--observed <text>', 'we observed… ("-" reads it from standard input)')
      .option('--observed-file <file>', 'read what was observed from this file (UTF-8 text)')
      .option('--learned <text>', 'we learned… ("-" reads it from standard input)')
      .option('--learned-file <file>', 'read what was learned from this file (UTF-8 text)')
      .option('--next <text>', 'therefore we will…')
      .addOption(new Option('--decision <decision>', 'what the team decided').choices(DECISIONS))
      .addOption(date('--date', 'the day it concluded (default: today)'))
      .option('--control <counts>', "an A/B test's control arm: CONVERSIONS/EXPOSURES, e.g. 412/10000")
      .addOption(repeatable(new Option('--variant <counts>', 'a variant arm: CONVERSIONS/EXPOSURES (repeat for several)').argParser((v: string, all: string[] = []) => [...all, v])))
      .option('--force', 'record --result although the numbers do not support it (needs --reason)')
      .option('--reason <text>', 'why the result is recorded against the numbers (with --force)'),
  ).action(lazy(async () => (await import('./commands/experiment-add.js')).experimentConclude));
  reads(
    experiment
      .command('list')
      .description('experiments with their type, status and dates')
      .option('--initiative <id>', "only this initiative's")
      .option('--domain <id>', "only this domain's")
      .addOption(new Option('--status <status>', 'only those with this status').choices(EXPERIMENT_STATUSES)),
  ).action(lazy(async () => (await import('./commands/experiment-list.js')).experimentList));
  reads(
    experiment
      .command('show')
      .argument('[experiment]', 'the experiment (asked at a terminal when left out)')
      .description("one experiment: test card, learning card and, for an A/B test, each arm's rate, the lift, interval, p-value and verdict"),
  ).action(lazy(async () => (await import('./commands/experiment-show.js')).experimentShow));

  writes(
    program
      .command('feedback-group')
      .description('the customers who try each version of an initiative')
      .command('add')
      .description("add participants to an initiative's feedback group")
      .argument('[initiative]', 'the initiative whose feedback group it is (asked at a terminal when left out)')
      .argument('[participant...]', 'pseudonymous participant ids, e.g. P-101 P-102 (asked at a terminal when left out)')
      .option('--segment <segment>', 'the segment they belong to')
      .addOption(date('--date', 'the day they joined (default: today)')),
  ).action(lazy(async () => (await import('./commands/feedback-group-add.js')).feedbackGroupAdd));

  const customer = program.command('customer').description('customers: paying customers of an initiative, and one customer\'s history');
  reads(customer.command('show').argument('<customer>', 'the pseudonymous customer id, e.g. C-017').description('everything heard from and done with one customer, across initiatives'))
    .action(lazy(async () => (await import('./commands/customer-show.js')).customerShow));
  writes(
    customer
      .command('add')
      .description('record a customer who started paying')
      .argument('[initiative]', 'the initiative (asked at a terminal when left out)')
      .argument('[customer]', 'the pseudonymous customer id, e.g. C-017 (asked at a terminal when left out)')
      .addOption(date('--paying-since', 'the day they started paying'))
      .addOption(date('--date', 'the same as --paying-since')),
  ).action(lazy(async () => (await import('./commands/customer-add.js')).customerAdd));
  writes(
    customer
      .command('churn')
      .description('record that a paying customer stopped paying')
      .argument('[initiative]', 'the initiative (asked at a terminal when left out)')
      .argument('[customer]', 'the paying customer who stopped (asked at a terminal when left out)')
      .addOption(date('--date', 'the day they stopped paying (default: today)')),
  ).action(lazy(async () => (await import('./commands/customer-add.js')).customerChurn));

  const domain = program.command('domain').description('product-management domains: the parts of the product a team owns once it is handed off');
  writes(
    domain
      .command('add')
      .description('start a domain')
      .option('--id <id>', 'the id (default: from the name)')
      .option('--name <name>', 'what the domain is called')
      .option('--purpose <text>', 'the bounded area of the product it covers')
      .addOption(date('--date', 'the day it was set up (default: today)')),
  ).action(lazy(async () => (await import('./commands/domain-add.js')).domainAdd));
  reads(domain.command('list').description('every domain with its purpose, team, products, OKRs and warnings').addOption(date('--as-of', 'as it stood on this day')))
    .action(lazy(async () => (await import('./commands/domain-show.js')).domainList));
  reads(
    domain
      .command('show')
      .argument('[domain]', 'the domain (asked at a terminal when left out)')
      .description('one domain: purpose, team, products it owns, OKRs by period with key results, recent experiments, warnings')
      .addOption(date('--as-of', 'as it stood on this day')),
  ).action(lazy(async () => (await import('./commands/domain-show.js')).domainShow));
  writes(
    domain
      .command('update')
      .argument('[domain]', 'the domain (asked at a terminal when left out)')
      .description("change a domain's name, purpose or budget, leaving the rest of its file as it is")
      .option('--name <name>', 'the new name')
      .option('--purpose <text>', 'the new purpose')
      .addOption(budget("what the domain's team costs per period, in the organisation's currency (zero or more)"))
      .addOption(date('--date', 'the day of the change, recorded as the domain\'s `updated` (default: today)')),
  ).action(lazy(async () => (await import('./commands/domain-add.js')).domainUpdate));
  const okr = program.command('okr').description('objectives and key results of a domain');
  writes(
    okr
      .command('add')
      .description("write a domain's objective for a period (then add key results with pdx kr add)")
      .option('--domain <id>', 'the domain it belongs to')
      .option('--period <period>', 'e.g. 2026-Q4')
      .option('--objective <text>', 'the objective, in words')
      .option('--product <id>', 'the product it is for (an initiative handed off to the domain)')
      .option('--id <id>', 'the id (default: <domain>-<period>)')
      .addOption(date('--date', 'the day the objective was set (default: today)')),
  ).action(lazy(async () => (await import('./commands/domain-add.js')).okrAdd));
  reads(
    okr
      .command('list')
      .description('every OKR with its domain, period, progress and stale key results')
      .option('--domain <id>', "only this domain's")
      .option('--period <period>', 'only this period, e.g. 2026-Q4')
      .addOption(date('--as-of', 'as it stood on this day')),
  ).action(lazy(async () => (await import('./commands/domain-show.js')).okrList));
  reads(
    okr
      .command('show')
      .argument('[okr]', 'the OKR (asked at a terminal when left out)')
      .description('one OKR: its key results (baseline → current → target, progress, last check-in) and the experiments run for each')
      .addOption(date('--as-of', 'as it stood on this day')),
  ).action(lazy(async () => (await import('./commands/domain-show.js')).okrShow));
  const kr = program.command('kr').description('key results of an OKR');
  writes(
    kr
      .command('add')
      .description('add a key result to an OKR')
      .argument('[okr]', 'the OKR the key result belongs to (asked at a terminal when left out)')
      .option('--metric <text>', 'what is measured')
      .addOption(number('--baseline', 'where it starts'))
      .addOption(number('--target', 'where it should get to'))
      .option('--unit <unit>', 'e.g. percent or days')
      .option('--id <id>', 'the id (default: from the metric)')
      .addOption(date('--date', 'the day it was added (default: today)')),
  ).action(lazy(async () => (await import('./commands/domain-add.js')).krAdd));
  writes(
    kr
      .command('update')
      .description("record a key result's current value (a dated check-in)")
      .argument('[kr]', 'the key result (asked at a terminal when left out)')
      .addOption(number('--current', 'the value now'))
      .addOption(date('--date', 'the day it was measured (default: today)'))
      .option('--note <text>', 'what moved it'),
  ).action(lazy(async () => (await import('./commands/domain-add.js')).krUpdate));
  reads(
    kr
      .command('list')
      .description('every key result with its OKR, domain, period, progress, last check-in and stale flag')
      .option('--domain <id>', "only this domain's")
      .option('--okr <id>', "only this OKR's")
      .addOption(date('--as-of', 'as it stood on this day')),
  ).action(lazy(async () => (await import('./commands/domain-show.js')).krList));

  reads(
    program
      .command('assumptions')
      .description('every current claim with its importance, evidence and verdicts, riskiest first (important and weakly known)')
      .option('--initiative <id>', 'only this initiative'),
  ).action(lazy(async () => (await import('./commands/assumptions.js')).assumptions));

  program
    .command('status')
    .description('the repo at a glance: each initiative\'s stage and what its next gate still needs, with the command that supplies each thing; stale key results; invalid files; uncommitted changes')
    .option('--json', 'print the status as JSON (see the README for its fields)')
    .action(lazy(async () => (await import('./commands/status.js')).status));

  reads(
    program
      .command('stage')
      .argument('[initiative]', 'the initiative (asked at a terminal when left out)')
      .description('the current stage, days in it, and the next gate as a checklist')
      .addOption(date('--as-of', 'evaluate as if on this day')),
  ).action(lazy(async () => (await import('./commands/stage.js')).stage));

  writes(
    program
      .command('advance')
      .argument('[initiative]', 'the initiative to move (asked at a terminal when left out)')
      .description('move to the next stage (or --to) when its gate passes; the checklist when it does not')
      .addOption(new Option('--to <stage>', 'the stage to move to; skipping or moving back needs --reason').choices(STAGES))
      .option('--force', 'move even though the gate fails or a stage is skipped (needs --reason; the failed rules are recorded)')
      .option('--reason <text>', 'why: required with --force and for moving back')
      .addOption(date('--date', 'the day of the move (default: today)')),
  ).action(lazy(async () => (await import('./commands/advance.js')).advance));

  writes(
    program
      .command('handoff')
      .argument('[initiative]', 'the initiative at mvp to hand off (asked at a terminal when left out)')
      .description('hand a product that passes the mvp gate to a product-management domain (a new one is created from --name and --purpose); from then on gates no longer apply to it')
      .option('--domain <id>', 'the domain that takes the product (created with --name and --purpose when it does not exist)')
      .option('--name <name>', 'for a new domain: what it is called')
      .option('--purpose <text>', 'for a new domain: its bounded area of the product')
      .option('--force', 'hand off even though the mvp gate fails (needs --reason; the failed rules are recorded; refused when the gate passes)')
      .option('--reason <text>', 'why: required with --force')
      .addOption(date('--date', 'the day of the handoff: the mvp gate is checked as of it (default: today)')),
  ).action(lazy(async () => (await import('./commands/handoff.js')).handoff));

  program
    .command('gate')
    .addArgument(new Argument('<stage>', 'the stage whose gate to check').choices(STAGES))
    .argument('[initiatives...]', 'check these, whatever their stage (default: every initiative at or past <stage>)')
    .description('check that initiatives meet the gate of a stage (for CI)')
    .addOption(formatOption(['text', 'json', 'github', 'junit', 'gitlab', 'markdown'], 'text'))
    .option('--json', 'shorthand for --format json')
    .option('--changed-since <ref>', 'only initiatives whose files changed since this git revision')
    .addOption(date('--as-of', 'evaluate as if on this day'))
    .action(lazy(async () => (await import('./commands/gate.js')).gate));

  const list = (flag: string, what: string) => repeatable(new Option(`${flag} <id>`, `${what} (repeat for several)`).argParser((v: string, all: string[] = []) => [...all, v]));
  program
    .command('report')
    .description('the weekly health report: experiments per week, time in stage, learning, what we heard, gate readiness, OKRs; or a chat digest for a Slack or Teams webhook')
    .addOption(new Option('--since <window>', `the window: 1w to ${MAX_WINDOW_WEEKS}w (whole ISO weeks, this one so far) or 1d to ${MAX_WINDOW_DAYS}d (the days up to --as-of), e.g. 12w (default) or 7d`).argParser((v) => parseWindowOption(v, '--since')))
    .addOption(date('--as-of', 'report as if on this day'))
    .addOption(formatOption(['table', 'markdown', 'json', 'html', 'slack', 'teams'], 'table'))
    .option('--json', 'shorthand for --format json')
    .option('--out <file>', 'write to a file instead of the terminal (for html)', (v) => nonEmpty(v, '--out'))
    .option('--link <url>', 'with --format slack or teams: the full report\'s address (http or https), linked from the digest', (v) => nonEmpty(v, '--link'))
    .addOption(list('--initiative', 'only this initiative'))
    .addOption(list('--domain', 'only this domain'))
    .option('--team <name>', 'only the initiatives and domains this person is on')
    .action(lazy(async () => (await import('./commands/report.js')).report));

  program
    .command('log')
    .description('the decision log, newest first: stage moves, pivots and forced moves with their reasons, handoffs to product management, hypothesis statuses, supersede chains, experiment decisions')
    .option('--initiative <id>', 'only this initiative\'s decisions')
    .addOption(new Option('--since <window>', `only the last 1w to ${MAX_WINDOW_WEEKS}w or 1d to ${MAX_WINDOW_DAYS}d, e.g. 4w or 30d`).argParser((v) => parseWindowOption(v, '--since')))
    .addOption(formatOption(['text', 'markdown', 'json'], 'text'))
    .option('--json', 'shorthand for --format json')
    .action(lazy(async () => (await import('./commands/log.js')).log));

  program
    .command('completion')
    .description('print a shell completion script: commands, options, stages and the repo\'s ids')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action(async (shell: Shell) => {
      const { completionScript } = await import('./completion.js');
      io.stdout.write(completionScript(shell));
      setExitCode(0);
    });

  // What the completion scripts call: the candidates for the word being typed. Never fails.
  program
    .command('__complete', { hidden: true })
    .argument('<shell>')
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (shell: string, words: string[]) => {
      try {
        const { completionOutput } = await import('./completion.js');
        if ((SHELLS as readonly string[]).includes(shell)) io.stdout.write(await completionOutput(describeCommand(program), shell as Shell, words, io.cwd));
      } catch {
        // A completion that cannot be computed offers nothing; the shell carries on.
      }
      setExitCode(0);
    });

  program
    .command('portfolio')
    .description("every team in one view: each source's funnel, pace, time in stage, gate readiness, products and expansions, OKRs and the investment mix, read from portfolio.yaml's sources or merged from summaries")
    .option('--portfolio <file>', 'the portfolio file listing the sources (default: portfolio.yaml here or in a folder above)', (v) => nonEmpty(v, '--portfolio'))
    .option('--from <summary...>', 'merge these summaries (pdx report --json in each repo, e.g. by its CI) instead: files, folders of .json files, or - for standard input')
    .option('--offline', "read git sources from the cache only, never fetching (says when each was fetched)")
    .addOption(date('--as-of', 'every source as if on this day (default: today)'))
    .addOption(new Option('--since <window>', `the window of every source: 1w to ${MAX_WINDOW_WEEKS}w or 1d to ${MAX_WINDOW_DAYS}d (default: each source's own)`).argParser((v) => parseWindowOption(v, '--since')))
    .addOption(formatOption(['table', 'markdown', 'json', 'html'], 'table'))
    .option('--json', 'shorthand for --format json')
    .option('--out <path>', 'write to a file; with --format html, a folder (ending in /) gets index.html and each team\'s report page', (v) => nonEmpty(v, '--out'))
    .action(lazy(async () => (await import('./commands/portfolio.js')).portfolio));

  // What `pdx portfolio` runs in a child process per source: one job as JSON on stdin, its summary on stdout.
  program
    .command('__portfolio-source', { hidden: true })
    .helpOption(false)
    .action(lazy(async () => (await import('./commands/portfolio-source.js')).portfolioSource));

  program
    .command('help')
    .description('show the help of a command, with examples')
    .argument('[command...]', 'the command, e.g. evidence add')
    .action((words: string[]) => {
      let target: Command = program;
      for (const word of words) {
        const sub = visibleCommands(target).find((c) => c.name() === word);
        if (!sub) throw unknownCommand(target, word);
        target = sub;
      }
      target.outputHelp();
      setExitCode(0);
    });

  // Bare `pdx`: in a repo a short status and the way to the help; elsewhere the help. Set after
  // the commands are made, so that they do not inherit taking excess arguments.
  program.allowExcessArguments(true).action(async (_options: unknown, command: Command) => {
    // A word that is no command is still an unknown command, with its did-you-mean.
    if (command.args.length > 0) return (command as unknown as { unknownCommand(): void }).unknownCommand();
    const ctx = createContext(io, command.opts() as GlobalOptions, log);
    const { findRoot } = await import('../store/root.js');
    if (findRoot(ctx.cwd) === undefined) {
      // As `pdx --help`: to standard output, so that `pdx | less` shows it.
      program.outputHelp();
      return setExitCode(0);
    }
    setExitCode(await (await import('./commands/status.js')).status(ctx, { short: true }));
  });

  teach(program);
  return program;
}

/** The options made by `date()`: days, checked against today by `checkDaysPast`. */
const DATE_OPTIONS = new WeakSet<Option>();

/**
 * A write records what happened, so a day it records after today is refused before the first
 * question is asked (the record's own check would refuse it only after every answer was typed).
 */
function checkDaysPast(command: Command, today: string): void {
  if (!command.options.some((o) => o.long === '--commit')) return;
  const values = command.opts() as Record<string, unknown>;
  for (const option of command.options) {
    const value = values[option.attributeName()];
    if (DATE_OPTIONS.has(option) && typeof value === 'string' && value > today) {
      throw usageError(`${option.long} ${value} is after today (${today})`, 'pdx records what has happened: give the day it happened, or log it on that day');
    }
  }
}

/** A path flag given an empty value would silently mean "no file": say so instead. */
function nonEmpty(value: string, flag: string): string {
  if (value.trim() === '') throw usageError(`${flag} needs a file or folder name`);
  return value;
}

function parseNumberOption(value: string, flag: string): number {
  // `--current …`, as pdx suggests the command, is a value still to give: NaN, which the
  // command takes for a placeholder (commander turns undefined into '').
  if (/^\s*(\u2026|\.\.\.)\s*$/.test(value)) return Number.NaN;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw usageError(`${flag} must be a number, not "${value}"`);
  return n;
}

/** A budget: a number, zero or more (`120000`, `1.5e5`); anything else is a usage error naming the flag. */
function parseBudgetOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw usageError(`--budget must be a number, not "${value}"`, 'pass the amount in the organisation\'s currency, digits only: --budget 120000');
  if (n < 0) throw usageError(`--budget must be zero or more, not ${value}`, 'pass what the team costs per period: --budget 120000');
  return n;
}

function formatOption(names: string[], fallback: string): Option {
  return new Option('--format <format>', 'output format').choices(names).default(fallback);
}

/** Options that collect every value given (`--claim a --claim b`), for the completion. */
const REPEATABLE = new WeakSet<Option>();

function repeatable(option: Option): Option {
  REPEATABLE.add(option);
  return option;
}

/**
 * A command whose parse errors are pdx's own: commander's `error: …` lines become a PdxError
 * (exit 2) that main.ts prints as `pdx: …` with a hint, like every other error, naming what the
 * user typed and never an internal name.
 */
class PdxCommand extends Command {
  override createCommand(name?: string): Command {
    return new PdxCommand(name);
  }

  override error(message: string, options?: ErrorOptions): never {
    throw parseError(this, message, options?.code ?? 'commander.error');
  }
}

/** `pdx evidence add`: the command as the user types it. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function visibleCommands(command: Command): Command[] {
  return command.createHelp().visibleCommands(command).filter((c) => command.commands.includes(c));
}

function unknownCommand(parent: Command, name: string): PdxError {
  const names = visibleCommands(parent).map((c) => c.name());
  const where = parent.parent ? ` for \`${commandPath(parent)}\`` : '';
  return usageError(`unknown command \`${name}\`${where}${didYouMean(nearest(name, names))}`, `${commandPath(parent)} --help lists the commands`);
}

/** The first example of a command, as a hint after a mistake in calling it. */
function exampleHint(command: Command): string {
  const example = EXAMPLES[commandPath(command).replace(/^pdx ?/, '')]?.[0];
  return example ? `for example: ${example.run}` : `${commandPath(command)} --help says more`;
}

function parseError(command: Command, message: string, code: string): PdxError {
  const path = commandPath(command);
  const usage = `${path} ${command.usage()}`;
  switch (code) {
    case 'commander.unknownCommand':
      return unknownCommand(command, command.args[0] ?? '');
    case 'commander.unknownOption': {
      const flag = /^error: unknown option '(.*?)'(?:\n|$)/s.exec(message)?.[1] ?? '';
      const flags: string[] = ['--help'];
      for (let c: Command | null = command; c; c = c.parent) flags.push(...c.options.filter((o) => !o.hidden).map((o) => o.long ?? o.short!));
      const where = command.parent ? ` for \`${path}\`` : '';
      return usageError(`unknown option \`${flag}\`${where}${didYouMean(nearest(flag, flags))}`, `${path} --help lists its options`);
    }
    case 'commander.missingArgument': {
      const argument = command.registeredArguments.find((a, i) => a.required && command.args[i] === undefined);
      return usageError(`\`${path}\` needs ${argument?.description || argument?.name() || 'an argument'} (usage: ${usage})`, exampleHint(command));
    }
    case 'commander.optionMissingArgument': {
      const flags = /^error: option '(.*)' argument missing/s.exec(message)?.[1];
      const option = command.options.find((o) => o.flags === flags);
      return usageError(`${option?.long ?? option?.short ?? flags} needs a value: ${flags}${option?.description ? `, ${option.description}` : ''}`, exampleHint(command));
    }
    case 'commander.excessArguments': {
      const expected = command.registeredArguments.length;
      const extra = command.args.slice(expected).map((a) => `\`${a}\``).join(' ');
      const takes = expected === 0 ? 'takes no arguments' : `takes ${expected === 1 ? 'one argument' : `${expected} arguments`}`;
      return usageError(`\`${path}\` ${takes}; unexpected ${extra} (usage: ${usage})`, exampleHint(command));
    }
    case 'commander.invalidArgument': {
      // A parser that threw commander's InvalidArgumentError (pdx's own throw PdxErrors): its words, with the flag.
      const option = /^error: option '(\S+)[^']*' argument '.*' is invalid\. (.*)$/s.exec(message);
      const argument = /^error: command-argument value '.*' is invalid for argument '.*'\. (.*)$/s.exec(message);
      const reason = option ? `${option[2]!.startsWith(option[1]!.replace(/,$/, '')) ? '' : `${option[1]!.replace(/,$/, '')}: `}${option[2]}` : (argument?.[1] ?? message);
      return usageError(reason.replace(/^error: /, ''), `${path} --help says more`);
    }
    default:
      // Anything else commander says (none is expected): its words, in pdx's style.
      return usageError(message.replace(/^error: /, '').replace(/'([^'\n]*)'/g, '`$1`'), `${path} --help says more`);
  }
}

/**
 * A choice the user got wrong is named with the closest valid ones and the whole list:
 * `unknown stage \`MVP\` (did you mean \`mvp\`?)`. Replaces commander's check of `choices`.
 */
function choiceParser(values: readonly string[], noun: string, flag?: string): (value: string) => string {
  const plural = noun.endsWith('s') ? `${noun}es` : `${noun}s`;
  return (value) => {
    if (values.includes(value)) return value;
    throw usageError(`unknown ${noun} \`${value}\`${flag ? ` for ${flag}` : ''}${didYouMean(nearest(value, values))}`, `the ${plural} are ${values.join(', ')}`);
  };
}

/** `stage` in `--to <stage>`: the name of an option's value. */
function valueName(option: Option): string | undefined {
  return /[<[]([^>\].]+)(?:\.\.\.)?[>\]]/.exec(option.flags)?.[1];
}

/**
 * What every command gets besides its own definition: pdx's choice errors, its place in the
 * workflow (the order and headings of `pdx --help`, from help.ts) and its examples.
 */
function teach(program: Command): void {
  const order = new Map(WORKFLOW.flatMap((group, g) => group.commands.map((name, c) => [name, g * 1000 + c] as const)));
  const rank = (command: Command) => order.get(command.name()) ?? Number.MAX_SAFE_INTEGER;
  (program.commands as Command[]).sort((a, b) => rank(a) - rank(b));
  for (const command of program.commands) command.helpGroup(WORKFLOW.find((group) => group.commands.includes(command.name()))?.heading ?? WORKFLOW.at(-1)!.heading);
  program.addHelpText('after', programHelpText());
  const walk = (command: Command) => {
    command.helpCommand(false);
    for (const option of command.options) {
      if (option.argChoices) option.argParser(choiceParser(option.argChoices, valueName(option) ?? 'value', option.long ?? option.short));
    }
    for (const argument of command.registeredArguments) {
      if (argument.argChoices) argument.argParser(choiceParser(argument.argChoices, argument.name()));
    }
    if (command !== program) {
      const path = commandPath(command).replace(/^pdx /, '');
      command.addHelpText('after', () => examplesText(path, visibleCommands(command).map((c) => c.name())));
    }
    command.commands.forEach(walk);
  };
  walk(program);
}

/** In a command's help, the options of pdx itself but `--version`, which only pdx itself answers. */
function globalOptionsInHelp(this: Help, command: Command): Option[] {
  return Help.prototype.visibleGlobalOptions.call(this, command).filter((o) => o.long !== '--version');
}

/** `stage <initiative>` in a list of commands: every command has options, so `[options]` says nothing there. */
function subcommandTerm(this: Help, command: Command): string {
  return Help.prototype.subcommandTerm.call(this, command).replace(' [options]', '');
}

/** The command table as plain data, for the completion and the help's tests. */
export function describeCommand(command: Command, path = ''): CommandSpec {
  const visible = new Set(visibleCommands(command));
  return {
    name: command.name(),
    path,
    description: command.description(),
    hidden: false,
    options: command.options
      .filter((o) => !o.hidden)
      .map((o) => ({
        flags: o.flags,
        ...(o.long ? { long: o.long } : {}),
        ...(o.short ? { short: o.short } : {}),
        description: o.description,
        ...(o.required || o.optional ? { value: valueName(o) ?? 'value' } : {}),
        ...(o.argChoices ? { choices: o.argChoices } : {}),
        repeatable: REPEATABLE.has(o),
      })),
    args: command.registeredArguments.map((a) => ({ name: a.name(), description: a.description, required: a.required, variadic: a.variadic, ...(a.argChoices ? { choices: a.argChoices } : {}) })),
    commands: command.commands.map((c) => ({ ...describeCommand(c, path ? `${path} ${c.name()}` : c.name()), hidden: !visible.has(c) })),
  };
}
