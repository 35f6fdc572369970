import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { complete, splitLine, type IdSource } from '../../src/cli/completion.js';
import type { Io } from '../../src/cli/context.js';
import { buildProgram, describeCommand } from '../../src/cli/program.js';
import { EXPERIMENT_TYPES, HYPOTHESIS_KINDS, ROLES, STAGES } from '../../src/model/vocabulary.js';
import { copyOfExamples, runPdx, spawnPdx, tempDir } from '../helpers.js';
import { hasTmux, Shell } from '../tty.js';

// In CI (PDX_CI) the shells are installed: a missing one fails instead of skipping.
const hasZsh = spawnSync('zsh', ['--version']).status === 0 || Boolean(process.env.PDX_CI);
const hasFish = spawnSync('fish', ['--version']).status === 0 || Boolean(process.env.PDX_CI);

const io: Io = { cwd: '/', env: {}, stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false };
const spec = describeCommand(buildProgram(io, () => {}));
/** The visible top-level commands starting with `prefix`: `pdx st<TAB>` offers `stage` (and `status`, once there is one). */
const topLevel = (prefix: string) => spec.commands.filter((c) => !c.hidden && c.name.startsWith(prefix)).map((c) => c.name);

/** Every file and folder under `dir` with its size and modification time: what "wrote nothing" compares. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      const stat = statSync(full);
      out.push(`${relative(dir, full)} ${entry.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out.sort();
}

describe('what completes, from the command table', () => {
  const ids: IdSource = {
    ids: (kind, owner) => ({ initiative: ['instant-quotes', 'quotes-api'], hypothesis: owner === 'quotes-api' ? ['quotes-api-customer'] : ['instant-quotes-customer', 'quotes-api-customer'], kr: ['days-to-first-booking'] })[kind as string] ?? [],
    claims: (hypothesis) => (hypothesis === 'instant-quotes-customer' ? ['c1', 'c2'] : []),
  };
  const values = (...words: string[]) => complete(spec, words, () => ids).candidates.map((c) => c.value);

  it('commands, sub-commands and options (a parent’s too), never the hidden one', () => {
    expect(values('st')).toEqual(topLevel('st'));
    expect(values('st')).toContain('stage');
    expect(values('')).not.toContain('__complete');
    expect(values('')).toEqual(spec.commands.filter((c) => !c.hidden).map((c) => c.name));
    expect(values('evidence', '')).toEqual(['add', 'list', 'show']);
    expect(values('evidence', 'add', '--v')).toEqual(['--verdict']);
    expect(values('stage', 'instant-quotes', '--')).toEqual(expect.arrayContaining(['--as-of', '--format', '--json', '--no-color', '--no-input', '--no-cache', '--debug', '--help']));
    expect(values('stage', '--')).not.toContain('--version');
    expect(values('--')).toContain('--version');
    // Given once, an option is not offered again, unless it collects several.
    expect(values('hypothesis', 'add', '--kind', 'customer', '--k')).toEqual([]);
    expect(values('hypothesis', 'add', '--claim', 'x', '--cl')).toEqual(['--claim']);
  });

  it('expand: the product it expands is an initiative id, and its options', () => {
    expect(values('expand', '')).toEqual(['instant-quotes', 'quotes-api']);
    expect(values('expand', 'instant-quotes', '--r')).toEqual(['--risk']);
    expect(values('initiative', 'add', '--parent', '')).toEqual(['instant-quotes', 'quotes-api']);
  });

  it('choices: stages, kinds, roles, types, formats, shells; with `--flag=` too', () => {
    expect(values('gate', '')).toEqual([...STAGES]);
    expect(values('advance', 'instant-quotes', '--to', 'pro')).toEqual(['prototyping']);
    expect(values('hypothesis', 'add', '--kind', '')).toEqual([...HYPOTHESIS_KINDS]);
    expect(values('team', 'add', 'instant-quotes', '--role', '')).toEqual([...ROLES]);
    expect(values('experiment', 'add', '--type', '')).toEqual([...EXPERIMENT_TYPES]);
    expect(values('report', '--format=m')).toEqual(['--format=markdown']);
    expect(values('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(values('hypothesis', 'status', 'instant-quotes-customer', 'v')).toEqual(['validated']);
  });

  it("the repo's ids where a command takes them", () => {
    expect(values('advance', '')).toEqual(['instant-quotes', 'quotes-api']);
    expect(values('handoff', '')).toEqual(['instant-quotes', 'quotes-api']);
    expect(values('handoff', 'instant-quotes', '--f')).toEqual(['--force']);
    expect(values('stage', 'q')).toEqual(['quotes-api']);
    expect(values('gate', 'mvp', 'instant-quotes', '')).toEqual(['quotes-api']);
    expect(values('initiative', 'show', '')).toEqual(['instant-quotes', 'quotes-api']);
    expect(values('hypothesis', 'show', '')).toEqual(['instant-quotes-customer', 'quotes-api-customer']);
    expect(values('evidence', 'add', '--initiative', 'quotes-api', '--hypothesis', '')).toEqual(['quotes-api-customer']);
    expect(values('evidence', 'add', '--hypothesis', 'instant-quotes-customer', '--claim', '')).toEqual(['c1', 'c2']);
    expect(values('kr', 'update', '')).toEqual(['days-to-first-booking']);
    expect(values('help', 'evidence', '')).toEqual(['add', 'list', 'show']);
    expect(values('help', 'ev')).toEqual(['evidence']);
    // Free text has nothing to offer; a path is the shell's to complete.
    expect(values('evidence', 'add', '--note', '')).toEqual([]);
    expect(complete(spec, ['-C', ''], () => ids).files).toBe('dir');
    expect(complete(spec, ['report', '--out', ''], () => ids).files).toBe('file');
  });

  it('splits a line as the shell does', () => {
    expect(splitLine('pdx evidence add --note "two words" --id \'a b\' x\\ y ')).toEqual(['pdx', 'evidence', 'add', '--note', 'two words', '--id', 'a b', 'x y', '']);
    expect(splitLine('pdx st')).toEqual(['pdx', 'st']);
  });
});

describe('pdx __complete, in a repo', () => {
  let repo: string;
  beforeAll(() => {
    repo = copyOfExamples();
  });

  const ask = async (shell: string, words: string[], cwd = repo) => {
    const result = await runPdx(['__complete', shell, '--', ...words], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    return result.stdout;
  };

  it('offers its ids, and writes nothing at all (no cache, no lock, no journal)', async () => {
    const before = snapshot(repo);
    expect(await ask('bash', ['pdx advance '])).toBe('cargo-protection\ncarrier-payouts\ndelay-alerts\ndock-slot-booking\ninstant-quotes\nquotes-api\ntracking-links\n');
    expect(await ask('bash', ['pdx hypothesis show instant-quotes-c'])).toBe('instant-quotes-competitor\ninstant-quotes-customer\n');
    expect(await ask('bash', ['pdx experiment conclude iq-p'])).toBe('iq-pricing-interviews\niq-prototype-round-1\niq-prototype-round-2\n');
    expect(await ask('bash', ['pdx kr update '])).toBe('days-to-first-booking\nloads-covered-in-2h\nmonthly-carrier-churn\nreceiver-opens\nself-serve-first-booking\nwismo-calls\n');
    expect(await ask('bash', ['pdx kr add '])).toBe('carrier-network-2026\nshipment-visibility-2026-q4\nshipper-onboarding-2026-q4\n');
    expect(await ask('bash', ['pdx okr add --domain '])).toBe('carrier-network\nshipment-visibility\nshipper-onboarding\n');
    expect(await ask('bash', ['pdx okr add --domain shipment-visibility --product t'])).toBe('tracking-links\n');
    expect(await ask('bash', ['pdx experiment add --domain shipment-visibility --product d'])).toBe('delay-alerts\ndock-slot-booking\n');
    expect(await ask('bash', ['pdx evidence add --hypothesis dock-slot-booking-customer --claim '])).toBe('c1\n');
    expect(await ask('bash', ['pdx evidence add --initiative dock-slot-booking --hypothesis '])).toBe('dock-slot-booking-customer\ndock-slot-booking-product\n');
    expect(snapshot(repo)).toEqual(before);
  });

  it('reads the repo named by -C on the line, and offers nothing outside a repo', async () => {
    const outside = tempDir();
    expect(await ask('bash', [`pdx -C ${repo} stage d`], outside)).toBe('delay-alerts\ndock-slot-booking\n');
    expect(await ask('bash', ['pdx stage '], outside)).toBe('');
    expect(await ask('bash', ['pdx st'], outside)).toBe(`${topLevel('st').join('\n')}\n`);
  });

  it('bash gets bare words (the value after `=` alone), zsh `value:description`, fish `value<TAB>description`', async () => {
    expect(await ask('bash', ['pdx report --format=m'])).toBe('markdown\n');
    expect(await ask('zsh', ['pdx', 'evidence', 'a'])).toBe('add:log one observation (asks at a terminal for what is missing)\n');
    expect(await ask('fish', ['pdx', 'evidence', 'a'])).toBe('add\tlog one observation (asks at a terminal for what is missing)\n');
    expect(await ask('zsh', ['pdx', 'gate', 'm'])).toBe('mvp\n');
    expect(await ask('fish', ['pdx', '-C', ''])).toBe(':dir\n');
    expect(await ask('tcsh', ['pdx', ''])).toBe('');
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable record folder offers nothing and says nothing', async () => {
    const dir = copyOfExamples();
    chmodSync(join(dir, 'discovery/initiatives'), 0o000);
    try {
      expect(await ask('bash', ['pdx advance '], dir)).toBe('');
    } finally {
      chmodSync(join(dir, 'discovery/initiatives'), 0o755);
    }
  });

  it('a record folder that cannot be listed (a file in its place, which root cannot read past either) offers nothing and says nothing', async () => {
    const dir = copyOfExamples();
    rmSync(join(dir, 'discovery/initiatives'), { recursive: true });
    writeFileSync(join(dir, 'discovery/initiatives'), 'not a folder\n');
    expect(await ask('bash', ['pdx advance '], dir)).toBe('');
    expect(await ask('bash', ['pdx hypothesis show instant-quotes-c'], dir)).toBe('instant-quotes-competitor\ninstant-quotes-customer\n');
  });

  it('a broken OKR file offers the key results of the others', async () => {
    const dir = copyOfExamples();
    mkdirSync(join(dir, 'discovery/okrs/x'), { recursive: true });
    writeFileSync(join(dir, 'discovery/okrs/x/broken.yaml'), 'id: broken\nkeyResults: [\n');
    expect(await ask('bash', ['pdx kr update '], dir)).toBe('days-to-first-booking\nloads-covered-in-2h\nmonthly-carrier-churn\nreceiver-opens\nself-serve-first-booking\nwismo-calls\n');
  });
});

describe('pdx completion', () => {
  const script = async (shell: string) => {
    const result = await runPdx(['completion', shell], { cwd: tempDir() });
    expect(result.code).toBe(0);
    return result.stdout;
  };
  /** Runs `shell` on the script saved to a file (`args` ending with the file's place, FILE). */
  const check = (shell: string, args: string[], text: string) => {
    const file = join(tempDir(), `pdx.${shell}`);
    writeFileSync(file, text);
    return spawnSync(shell, args.map((a) => a.replace('FILE', file)), { encoding: 'utf8' });
  };

  it('prints a bash script that bash loads', async () => {
    const text = await script('bash');
    expect(text).toContain('complete -F _pdx_complete pdx');
    const loaded = check('bash', ['--norc', '--noprofile', '-c', 'source FILE && complete -p pdx'], text);
    expect(loaded.stderr).toBe('');
    expect(loaded.stdout).toBe('complete -F _pdx_complete pdx\n');
  });


  it.skipIf(!hasZsh)('prints a zsh script that zsh reads (zsh -n)', async () => {
    const result = check('zsh', ['-n', 'FILE'], await script('zsh'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.skipIf(!hasFish)('prints a fish script that fish reads (fish -n)', async () => {
    const result = check('fish', ['-n', 'FILE'], await script('fish'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('refuses another shell, offering the three', async () => {
    const result = await runPdx(['completion', 'tcsh'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pdx: unknown shell `tcsh` (did you mean `bash`, `zsh` or `fish`?)\n  hint: the shells are bash, zsh, fish\n');
  });
});

describe.skipIf(!hasTmux)('completion in a real shell', () => {
  let shell: Shell | undefined;
  afterEach(() => shell?.close());

  const start = async (command: string[], setup: string[]) => {
    const repo = copyOfExamples();
    const home = tempDir('pdx-home-');
    shell = new Shell(repo, command, home);
    // One line, then a clear screen with the prompt: the setup is done (pdx completion has run).
    shell.type(`${setup.join('; ')}; clear`);
    shell.press('Enter');
    await shell.waitFor((screen) => screen.trimEnd() === '$', 'the prompt on a clear screen');
    return shell;
  };
  const ids = ['carrier-payouts', 'dock-slot-booking', 'instant-quotes', 'quotes-api'];
  /** The words on the screen below the prompt's line: what the shell listed. */
  const listed = (screen: string) => new Set(screen.split('\n').slice(1).join(' ').split(/\s+/).filter(Boolean));

  it('bash: `pdx st<TAB>` offers the commands starting with st, `pdx advance <TAB>` the initiative ids', async () => {
    const bash = await start(['bash', '--norc', '--noprofile'], ["PS1='$ '", `pdx() { ${Shell.pdx()} "$@"; }`, 'source <(pdx completion bash)']);
    const st = topLevel('st');
    bash.type('pdx st');
    // A first Tab may complete the shared prefix (`sta`); the two after it list what is left.
    bash.press('Tab', 'Tab', 'Tab');
    // The terminal keeps no trailing blank: a completed word is the whole first line.
    const firstLine = (s: string) => s.split('\n')[0]!.trimEnd();
    if (st.length === 1) await bash.waitFor((s) => firstLine(s) === `$ pdx ${st[0]}`, `pdx ${st[0]} completed`);
    else await bash.waitFor((s) => st.every((name) => listed(s).has(name)), st.join(' '));
    await bash.reset('$');
    bash.type('pdx advance ');
    bash.press('Tab', 'Tab');
    const screen = await bash.waitFor((s) => ids.every((id) => listed(s).has(id)), ids.join(' '));
    expect(screen).not.toContain('pdx.yaml');
    await bash.reset('$');
    bash.type('pdx gate pro');
    bash.press('Tab');
    await bash.waitFor((s) => firstLine(s) === '$ pdx gate prototyping', 'the stage completed');
  });

  it.skipIf(!hasZsh)('zsh: `pdx advance <TAB>` offers the initiative ids', async () => {
    const zsh = await start(['zsh', '-f'], ["PROMPT='$ '", 'autoload -U compinit && compinit -C -D', `pdx() { ${Shell.pdx()} "$@"; }`, 'source <(pdx completion zsh)']);
    zsh.type('pdx advance ');
    zsh.press('Tab');
    await zsh.waitFor((s) => ids.every((id) => listed(s).has(id)), ids.join(' '));
  });

  it.skipIf(!hasFish)('fish: `pdx advance <TAB>` offers the initiative ids', async () => {
    const fish = await start(['fish', '--no-config'], ["function fish_prompt; echo -n '$ '; end", `function pdx; ${Shell.pdx()} $argv; end`, 'pdx completion fish | source']);
    fish.type('pdx advance ');
    fish.press('Tab');
    await fish.waitFor((s) => ids.every((id) => listed(s).has(id)), ids.join(' '));
  });
});

it('the built binary answers from the names of files, leaving no cache behind', async () => {
  const repo = copyOfExamples();
  const result = await spawnPdx(['__complete', 'bash', '--', 'pdx advance '], { cwd: repo });
  expect(result.stdout).toBe('cargo-protection\ncarrier-payouts\ndelay-alerts\ndock-slot-booking\ninstant-quotes\nquotes-api\ntracking-links\n');
  expect(readdirSync(join(repo, '.pdx'))).toEqual(['.gitignore']);
});
