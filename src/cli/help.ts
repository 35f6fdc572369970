/**
 * What `pdx --help` teaches besides each command's own text: the workflow the commands are listed
 * in, the stages, and one table of examples (command path → examples). The examples use the ids
 * of the example repo (`examples/`), so each can be tried there with `pdx -C examples …`;
 * `test/cli/help.test.ts` checks that every command has some and that each one parses.
 */
import { STAGES } from '../model/vocabulary.js';

/** The top-level commands by step of the workflow, in order: the headings of `pdx --help`. */
export const WORKFLOW: readonly { heading: string; commands: readonly string[] }[] = [
  { heading: 'Start, and see what to do next:', commands: ['init', 'status'] },
  { heading: 'Capture discovery work:', commands: ['initiative', 'hypothesis', 'evidence', 'experiment', 'idea', 'team', 'feedback-group', 'customer'] },
  { heading: 'Move through the stages:', commands: ['stage', 'advance', 'handoff'] },
  { heading: 'Check in CI:', commands: ['validate', 'gate'] },
  { heading: 'Review:', commands: ['report', 'assumptions', 'log', 'search', 'portfolio'] },
  { heading: 'Product management (after the handoff):', commands: ['domain', 'okr', 'kr', 'expand'] },
  { heading: 'Other:', commands: ['schema', 'mcp', 'completion', 'help'] },
];

/** One example: what it does, and the command line (starting with `pdx`). */
export interface Example {
  does: string;
  run: string;
}

/** Examples of every command, by its path (`evidence add`); one to three each. */
export const EXAMPLES: Readonly<Record<string, readonly Example[]>> = {
  init: [
    { does: 'start a repo in the current folder', run: 'pdx init --name "Freight team"' },
    { does: 'in a folder that is already a git repo, or without git', run: 'pdx init --no-git' },
    { does: 'with the product vision, shown at the top of status and the report', run: 'pdx init --name "Freight team" --vision "Every shipper books freight in one sitting"' },
  ],
  'initiative add': [
    { does: 'start an initiative (its id comes from the title)', run: 'pdx initiative add --title "Instant LTL quotes for small shippers" --objective "Small shippers book freight in one sitting"' },
    { does: 'an expansion of a product (handed off or at mvp; the same as pdx expand)', run: 'pdx initiative add --title "Proof of delivery in the tracking link" --parent tracking-links' },
  ],
  expand: [
    { does: 'start a next product or vertical from a product handed to its domain (or at mvp)', run: 'pdx expand tracking-links --title "Proof of delivery in the tracking link"' },
    { does: 'with its id, outcome and risk, dated last Monday', run: 'pdx expand tracking-links --title "Live ETAs from carrier telematics" --id telematics-etas --objective "Receivers see an ETA within 15 minutes of the truck\'s real arrival" --risk technical --date 2026-11-23' },
  ],
  'initiative list': [
    { does: 'every initiative with its stage and days in it', run: 'pdx initiative list' },
    { does: 'only those in prototyping, as JSON', run: 'pdx initiative list --stage prototyping --json' },
  ],
  'initiative show': [{ does: 'team, history, hypotheses and experiments of one initiative', run: 'pdx initiative show instant-quotes' }],
  'initiative update': [
    { does: 'record the epiphany (the epiphany gate asks for it)', run: 'pdx initiative update carrier-payouts --epiphany "Cash flow, not rate per mile, decides which broker an owner-operator hauls for"' },
    { does: 'record the day the first version reached customers', run: 'pdx initiative update instant-quotes --released-on 2026-11-30' },
    { does: "set what the team costs per period, for the portfolio's money view", run: 'pdx initiative update dock-slot-booking --budget 180000' },
  ],
  'team add': [
    { does: 'add a designer to an initiative', run: 'pdx team add carrier-payouts --name "Jonas Berg" --role designer' },
    { does: 'add a visionary customer (the core-team rule asks for one)', run: 'pdx team add dock-slot-booking --name "Dana Whitfield" --role visionary-customer' },
  ],
  'idea add': [{ does: 'write down an idea from immersion', run: 'pdx idea add quotes-api --text "Quote straight from the shipper\'s order system"' }],
  'hypothesis add': [
    { does: 'answer the questions at a terminal', run: 'pdx hypothesis add --initiative carrier-payouts' },
    {
      does: 'a customer hypothesis with two claims, in one line; "high: " marks the claim the idea rests on (importance: high, medium by default, or low)',
      run: 'pdx hypothesis add --initiative carrier-payouts --kind customer --statement "Owner-operators choose brokers by how fast they pay" --claim "Most wait more than 30 days for payment" --claim "high: They would switch brokers for same-day pay"',
    },
  ],
  'hypothesis list': [
    { does: "an initiative's hypotheses with the evidence for and against them", run: 'pdx hypothesis list --initiative instant-quotes' },
    { does: 'every pricing hypothesis still being tested', run: 'pdx hypothesis list --kind pricing --status testing' },
  ],
  'hypothesis show': [{ does: 'a hypothesis and the evidence on each claim', run: 'pdx hypothesis show instant-quotes-customer' }],
  'hypothesis status': [
    { does: 'the team decided the evidence validates it', run: 'pdx hypothesis status dock-slot-booking-customer validated' },
    { does: 'mark it validated although the evidence does not say so yet (the reason is recorded)', run: 'pdx hypothesis status cargo-protection-pricing-2 validated --force --reason "Signed pilot contract at the quoted price"' },
  ],
  'evidence add': [
    { does: 'answer the questions at a terminal', run: 'pdx evidence add --initiative dock-slot-booking' },
    {
      does: "an interview with the customer's own words, their segment and tags, apart from the note",
      run: 'pdx evidence add --initiative instant-quotes --customer C-031 --source interview --segment "online sellers of bulky goods" --tag pricing --tag liftgate --note "Checks three sites before every pallet" --quote "I never know the real price until the invoice"',
    },
    {
      does: 'what a customer did in an experiment: strong evidence (--strength weak|strong overrides it)',
      run: 'pdx evidence add --initiative instant-quotes --hypothesis instant-quotes-pricing-2 --claim c1 --verdict supports --customer C-007 --source experiment --experiment iq-concierge-quotes --note "Booked 11 of 12 loads at the firm price"',
    },
  ],
  'evidence list': [
    { does: "an initiative's evidence, newest first", run: 'pdx evidence list --initiative instant-quotes' },
    { does: 'what refuted a claim in the last four weeks', run: 'pdx evidence list --hypothesis instant-quotes-customer --claim c1 --verdict refutes --since 4w' },
    { does: 'evidence tagged pricing from one segment, as JSON', run: 'pdx evidence list --tag pricing --segment "online sellers of bulky goods" --json' },
  ],
  'evidence show': [{ does: 'one evidence record whole, with the claim it bears on', run: 'pdx evidence show 2026-07-08-c-004' }],
  search: [
    { does: 'every note, quote, idea, hypothesis and learning card that mentions liftgate fees', run: 'pdx search liftgate fee' },
    { does: 'accents and case do not matter: this finds "Café"', run: 'pdx search cafe --json' },
  ],
  'customer show': [{ does: 'everything heard from and done with one customer, across initiatives', run: 'pdx customer show C-017' }],
  'experiment add': [
    {
      does: 'a running concierge test of two hypotheses',
      run: 'pdx experiment add --initiative instant-quotes --type concierge --hypothesis instant-quotes-customer --hypothesis instant-quotes-product --believe "Shippers book when they get a firm price in a minute" --verify "We quote ten shippers by hand within a minute" --measure "How many book" --right-if "Six of ten book" --start 2026-11-23 --days 14',
    },
    {
      does: 'an A/B test planned for a key result, designed for a 4% baseline and a +10% lift: prints the sample size per arm',
      run: 'pdx experiment add --domain shipper-onboarding --kr self-serve-first-booking --type ab-test --baseline-rate 4% --mde 10% --believe "A firm price on the sign-up page lifts self-serve bookings" --verify "Half of visitors see the price" --measure "Self-serve first bookings" --right-if "They rise by 10% or more"',
    },
    {
      does: 'a domain experiment tied to the key result it is meant to move (an outcome, not an output)',
      run: 'pdx experiment add --domain shipper-onboarding --kr days-to-first-booking --type ab-test --title "Saved pickup address" --believe "A saved address speeds up the first booking" --verify "Half of new shippers get a saved address" --measure "Days to first booking" --right-if "The median drops by a day" --start 2026-11-30 --days 21',
    },
  ],
  'experiment conclude': [
    {
      does: 'record the result, the learning card and the decision',
      run: 'pdx experiment conclude iq-prototype-round-2 --result validated --observed "One of ten asked what the price includes" --learned "Accessorials up front remove the hesitation" --next "Build the quote page" --decision persevere',
    },
    {
      does: "an A/B test's counts: prints lift, interval and p-value; the result follows from them when --result is left out",
      run: 'pdx experiment conclude so-address-autocomplete --control 412/10000 --variant 468/10000 --observed "Sign-ups rose" --learned "Autocomplete helps" --next "Ship it to everyone"',
    },
  ],
  'experiment show': [
    { does: "one experiment's test and learning cards, and an A/B test's numbers", run: 'pdx experiment show so-address-autocomplete' },
  ],
  'experiment list': [
    { does: 'every experiment with its status', run: 'pdx experiment list' },
    { does: "the experiments an initiative is running now", run: 'pdx experiment list --initiative instant-quotes --status running' },
  ],
  'feedback-group add': [{ does: 'three customers join the feedback group', run: 'pdx feedback-group add instant-quotes C-026 C-028 C-030 --segment e-commerce' }],
  'customer add': [{ does: 'a feedback-group member starts paying', run: 'pdx customer add instant-quotes C-004 --paying-since 2026-11-30' }],
  'customer churn': [{ does: 'a paying customer stopped', run: 'pdx customer churn instant-quotes C-004 --date 2026-12-15' }],
  'domain add': [{ does: 'the area a product team owns once products are handed to it', run: 'pdx domain add --id carrier-network --name "Carrier network" --purpose "Enough reliable carriers on every lane we sell"' }],
  'domain list': [
    { does: 'every domain with its team, products, OKRs and how many warnings it has', run: 'pdx domain list' },
    { does: 'as JSON, as it stood on a day', run: 'pdx domain list --json --as-of 2026-11-30' },
  ],
  'domain show': [
    { does: "a domain's purpose, team, products, OKRs with key results, recent experiments and what it lacks", run: 'pdx domain show shipper-onboarding' },
    { does: 'as it stood at the end of October, as JSON', run: 'pdx domain show carrier-network --as-of 2026-10-31 --json' },
  ],
  'domain update': [
    { does: 'sharpen the purpose (only that value and the day of the change are written)', run: 'pdx domain update shipper-onboarding --purpose "Every new shipper books a first load within a day, without help"' },
    { does: 'rename a domain, dated the day the team agreed', run: 'pdx domain update carrier-network --name "Carrier supply" --date 2026-11-30' },
    { does: "set what the domain's team costs per period (the portfolio adds it up)", run: 'pdx domain update shipment-visibility --budget 420000' },
  ],
  'okr add': [
    { does: "a domain's objective for a quarter", run: 'pdx okr add --domain shipper-onboarding --period 2027-Q1 --objective "New shippers book their first load the day they sign up"' },
    { does: 'an objective for one of its products (an initiative handed off to it)', run: 'pdx okr add --domain shipment-visibility --product tracking-links --period 2027-Q1 --objective "Receivers never call to ask where their freight is"' },
  ],
  'okr list': [
    { does: 'every OKR with its progress and stale key results', run: 'pdx okr list' },
    { does: "one domain's OKRs for a quarter", run: 'pdx okr list --domain shipper-onboarding --period 2026-Q4' },
  ],
  'okr show': [{ does: 'an OKR: baseline → current → target of each key result, and the experiments run for it', run: 'pdx okr show shipper-onboarding-2026-q4' }],
  'kr list': [
    { does: 'every key result with its OKR, progress, last check-in and stale flag', run: 'pdx kr list' },
    { does: "one domain's key results, as JSON", run: 'pdx kr list --domain carrier-network --json' },
  ],
  'kr add': [{ does: 'a key result of an OKR, from where it starts to where it should get to', run: 'pdx kr add shipper-onboarding-2026-q4 --metric "Share of shippers who book within a week" --baseline 25 --target 50 --unit percent' }],
  'kr update': [{ does: "this week's value of a key result (a dated check-in)", run: 'pdx kr update days-to-first-booking --current 7 --note "Address autocomplete is live for half of new shippers"' }],
  status: [
    { does: 'what every initiative still needs, each thing with the command that supplies it', run: 'pdx status' },
    { does: 'the same as JSON, for a script or a bot', run: 'pdx status --json' },
  ],
  stage: [
    { does: 'where an initiative is and what its next gate still needs', run: 'pdx stage dock-slot-booking' },
    { does: 'as it stood on an earlier day', run: 'pdx stage instant-quotes --as-of 2026-10-01' },
  ],
  advance: [
    { does: 'move to the next stage when its gate passes (else the checklist, exit 1)', run: 'pdx advance carrier-payouts' },
    { does: 'go back a stage after a pivot', run: 'pdx advance instant-quotes --to validation --reason "Pricing hypothesis invalidated; back to testing a new one"' },
    { does: 'move although the gate fails (the failed rules are recorded)', run: 'pdx advance dock-slot-booking --force --reason "Integration spike already done by the platform team"' },
  ],
  handoff: [
    { does: 'once it is at mvp and passes the mvp gate, hand a product to the domain that will own it, as tracking-links went to shipment-visibility (else the checklist, exit 1)', run: 'pdx handoff instant-quotes --domain shipper-onboarding' },
    { does: 'past a failing mvp gate, saying why (the failed rules are recorded with the handoff)', run: 'pdx handoff carrier-payouts --domain carrier-network --force --reason "Carriers are paid under annual contracts: the first payouts come in January"' },
    { does: 'dated the day the team agreed, the initiative and the domain committed together', run: 'pdx handoff instant-quotes --domain shipper-onboarding --date 2026-11-30 --commit' },
  ],
  validate: [
    { does: 'check every file; exit 1 when one is invalid', run: 'pdx validate' },
    { does: 'in GitHub Actions, as annotations on the changed lines', run: 'pdx validate --format github' },
    { does: "in GitLab CI, as a Code Quality report for the merge request (paths from the repository's root)", run: 'pdx validate --format gitlab > gl-code-quality-report.json' },
  ],
  gate: [
    { does: 'check every initiative at or past prototyping against its gate', run: 'pdx gate prototyping' },
    { does: "check one initiative against the next stage's gate", run: 'pdx gate validation dock-slot-booking' },
    { does: 'in CI: only initiatives a pull request touched, as JUnit XML', run: 'pdx gate mvp --changed-since origin/main --format junit' },
  ],
  log: [
    { does: 'every decision, newest first: moves, pivots, statuses, supersedes, experiment decisions', run: 'pdx log' },
    { does: "one initiative's last four weeks", run: 'pdx log --initiative cargo-protection --since 4w' },
    { does: 'the whole log as Markdown, for a review', run: 'pdx log --format markdown' },
  ],
  report: [
    { does: 'the weekly health report in the terminal', run: 'pdx report' },
    { does: "the last seven days' digest for a Slack webhook (teams for Microsoft Teams), linking the full report", run: 'pdx report --since 7d --format slack --link https://ci.example/runs/42 > digest.json' },
    { does: 'an HTML page for one domain, as of a day', run: 'pdx report --domain shipper-onboarding --as-of 2026-11-30 --format html --out report.html' },
  ],
  portfolio: [
    { does: "every team listed in portfolio.yaml (here or above), as of a day", run: 'pdx portfolio --as-of 2026-11-27' },
    { does: "the page for the weekly review, with each team's own report page beside it", run: 'pdx portfolio --format html --out site/' },
    { does: "merge the summaries each team's CI made (pdx report --json > team.json)", run: 'pdx portfolio --from summaries/ --format markdown' },
  ],
  assumptions: [
    { does: 'the claims an initiative rests on, riskiest first: what to test next', run: 'pdx assumptions --initiative instant-quotes' },
    { does: 'every current claim of every initiative, as JSON', run: 'pdx assumptions --json' },
  ],
  mcp: [
    { does: 'serve the repo of this folder to the MCP client that starts it (over stdio)', run: 'pdx mcp' },
    { does: 'serve a repo other than the folder the client starts it in', run: 'pdx mcp -C ~/work/discovery' },
  ],
  schema: [
    { does: 'print the JSON Schemas of every file kind', run: 'pdx schema' },
    { does: 'write them for an editor or another validator', run: 'pdx schema --out .pdx/schemas' },
  ],
  completion: [
    { does: 'bash: complete pdx commands, options, stages and ids', run: 'pdx completion bash >> ~/.bashrc' },
    { does: 'zsh (after compinit)', run: 'pdx completion zsh >> ~/.zshrc' },
    { does: 'fish', run: 'pdx completion fish > ~/.config/fish/completions/pdx.fish' },
  ],
  help: [
    { does: 'the help of a command, with its examples', run: 'pdx help evidence add' },
    { does: 'the commands of a group, with an example of each', run: 'pdx help kr' },
  ],
};

/** The text after the top-level help: the stages in order, a first session, where to learn more. */
export function programHelpText(): string {
  return [
    '',
    'Stages (an initiative advances when the gate of the next one passes):',
    `  ${STAGES.join(' → ')}`,
    '',
    'A first session (at a terminal each command asks for what it needs):',
    '  pdx init --commit        # config and folders, committed',
    '  pdx initiative add       # its title and the outcome sought',
    '  pdx hypothesis add       # kind, statement, claims',
    '  pdx evidence add         # an interview note, linked to a claim you pick',
    '  pdx status               # what each next gate needs, and the command that supplies it',
    '',
    'Run `pdx help <command>` (or `pdx <command> --help`) for its options and examples, e.g. `pdx help evidence add`.',
    'Try any example on the example repo with `pdx -C examples …`.',
  ].join('\n');
}

/**
 * The "Examples:" section of a command's help: its own examples, or for a group of commands
 * (`evidence`) the first example of each of its commands.
 */
export function examplesText(path: string, subcommands: readonly string[] = []): string {
  const examples = EXAMPLES[path] ?? subcommands.flatMap((sub) => EXAMPLES[`${path} ${sub}`]?.slice(0, 1) ?? []);
  if (examples.length === 0) return '';
  return ['', 'Examples:', ...examples.flatMap((e) => [`  # ${e.does}`, `  ${e.run}`])].join('\n');
}
