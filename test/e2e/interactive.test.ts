import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTER, INTERRUPT, gitPdxRepo, runPdx, spawnPdx, treeHash } from '../helpers.js';
import { hasTmux, Terminal } from '../tty.js';

async function repoWithInitiatives(): Promise<string> {
  const dir = await gitPdxRepo();
  for (const title of ['Carrier payouts', 'Instant quotes']) expect((await runPdx(['initiative', 'add', '--title', title], { cwd: dir })).code).toBe(0);
  return dir;
}

/**
 * At a terminal whose questions a script answers (the in-process harness): which questions pdx
 * asks, in which order, with which defaults and choices, and what it saves from the answers.
 */
describe('pdx hypothesis add at a scripted terminal', () => {
  let repo = '';
  beforeAll(async () => {
    repo = await repoWithInitiatives();
  });

  it('asks initiative, kind, statement, claims and the kind fields, previews the record and saves it when told to', async () => {
    const dir = await repoWithInitiatives();
    const result = await runPdx(['hypothesis', 'add'], {
      cwd: dir,
      tty: [
        { ask: 'Initiative:', answer: 'instant-quotes' },
        { ask: 'Kind:', answer: 'product' },
        { ask: 'Statement:', answer: '  A firm price in under a minute: "really"  ' },
        { ask: 'First claim', answer: ['high: Shippers accept a firm price', 'Three options are enough', ''] },
        { ask: 'current solution', answer: 'Emailing two brokers' },
        { ask: 'improvement factor', answer: '8' },
        { ask: 'Save it?', answer: true },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    const [initiative, kind, statement, claims, ...rest] = result.questions!;
    expect(initiative).toMatchObject({ type: 'choice', choices: ['carrier-payouts', 'instant-quotes'] });
    expect(kind).toMatchObject({ type: 'choice', choices: ['customer', 'product', 'market', 'competitor', 'pricing', 'revenue-engine'] });
    expect(kind!.names![1]).toContain('10X better');
    expect(statement).toMatchObject({ type: 'text', required: true });
    expect(claims).toMatchObject({ type: 'list', message: 'First claim (a testable sentence; "high: …" or "low: …" says how much rides on it):', default: 'Another claim' });
    expect(rest.map((q) => q.type)).toEqual(['text', 'number', 'confirm']);
    // The preview, and the warning about the factor, come before the question.
    expect(result.stdout).toContain('This will be saved to discovery/hypotheses/instant-quotes/instant-quotes-product.yaml');
    expect(result.stdout).toContain('improvementFactor: 8');
    expect(result.stderr).toContain('below the 10X');
    const saved = readFileSync(join(dir, 'discovery/hypotheses/instant-quotes/instant-quotes-product.yaml'), 'utf8');
    expect(saved).toContain(`statement: 'A firm price in under a minute: "really"'`);
    expect(saved).toContain('  - { id: c1, text: Shippers accept a firm price, importance: high }\n  - { id: c2, text: Three options are enough }\n');
    expect(saved).toContain('currentSolution: Emailing two brokers\nimprovementFactor: 8\n');
  });

  it('offers the last-used initiative first, and asks only for what the flags left out', async () => {
    const dir = await repoWithInitiatives();
    expect((await runPdx(['evidence', 'add', '--initiative', 'instant-quotes', '--customer', 'C-1', '--source', 'interview', '--note', 'n'], { cwd: dir })).code).toBe(0);
    const result = await runPdx(['hypothesis', 'add', '--kind', 'market', '--statement', 's', '--claim', 'c'], {
      cwd: dir,
      tty: [
        { ask: 'Initiative:', answer: ENTER },
        { ask: 'Market size', answer: ENTER },
        { ask: 'Source of that estimate', answer: ENTER },
        { ask: 'Save it?', answer: ENTER },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.questions![0]).toMatchObject({ type: 'choice', choices: ['instant-quotes', 'carrier-payouts'], default: 'instant-quotes' });
    expect(result.questions!.map((q) => q.message)).toEqual(['Initiative:', 'Market size (e.g. 180,000 US businesses):', 'Source of that estimate (empty to skip):', 'Save it?']);
    expect(existsSync(join(dir, 'discovery/hypotheses/instant-quotes/instant-quotes-market.yaml'))).toBe(true);
  });

  it('saves nothing on Ctrl-C at any question (exit 130), keeping what was typed in a draft', async () => {
    const before = treeHash(repo, (path) => path.startsWith('.git'));
    const answers = [{ ask: 'Initiative:', answer: ENTER }, { ask: 'Kind:', answer: ENTER }, { ask: 'Statement:', answer: 'Half a thought' }, { ask: 'First claim', answer: ['c'] }] as const;
    for (let at = 0; at < answers.length; at++) {
      const interrupted = await runPdx(['hypothesis', 'add'], { cwd: repo, tty: [...answers.slice(0, at), { ask: answers[at]!.ask, answer: INTERRUPT }] });
      expect(interrupted.code, `Ctrl-C at ${answers[at]!.ask}`).toBe(130);
      // Picks from a list are no words to keep; a statement is.
      expect(interrupted.stderr).toBe(
        at < 3 ? 'pdx: interrupted; nothing was written\n' : 'pdx: interrupted; your answers are kept in .pdx/drafts/hypothesis-add.json — run pdx hypothesis add to resume\n',
      );
    }
    expect(treeHash(repo, (path) => path.startsWith('.git') || path.startsWith('.pdx/drafts'))).toBe(before);
    expect(readdirSync(join(repo, 'discovery/hypotheses'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(repo, '.pdx/drafts/hypothesis-add.json'), 'utf8')).answers.map((a: { answer: unknown }) => a.answer)).toEqual(['carrier-payouts', 'customer', 'Half a thought']);
    rmSync(join(repo, '.pdx/drafts'), { recursive: true });
  });

  it('saves nothing when the preview is declined, and keeps the answers to change them', async () => {
    const dir = await repoWithInitiatives();
    const before = treeHash(dir, (path) => path.startsWith('.git'));
    const declined = await runPdx(['hypothesis', 'add', '--kind', 'market', '--statement', 's', '--claim', 'c'], {
      cwd: dir,
      tty: [
        { ask: 'Initiative:', answer: 'instant-quotes' },
        { ask: 'Market size', answer: '180,000 shippers' },
        { ask: 'Source', answer: ['a census'] },
        { ask: 'Save it?', answer: false },
      ],
    });
    expect(declined.code).toBe(0);
    expect(declined.stdout).toMatch(/marketSize: 180,000 shippers[\s\S]*\nnothing was written; your answers are kept in \.pdx\/drafts\/hypothesis-add\.json — run pdx hypothesis add to change them and save\n$/);
    expect(treeHash(dir, (path) => path.startsWith('.git') || path.startsWith('.pdx/drafts'))).toBe(before);
  });

  it('asks nothing with --no-input or in CI, and names what is missing instead', async () => {
    for (const [args, env] of [[['--no-input', 'hypothesis', 'add']], [['hypothesis', 'add'], { CI: 'true' }]] as const) {
      const result = await runPdx([...args], { cwd: repo, env, tty: [] });
      expect(result.code).toBe(2);
      expect(result.questions).toEqual([]);
      expect(result.stderr).toContain('missing required values: --initiative, --kind, --statement, --claim');
    }
  });
});

describe.skipIf(!hasTmux)('pdx hypothesis add at a terminal', () => {
  it('walks through initiative, kind, statement, claims and kind fields, shows the record, then saves it', async () => {
    const dir = await repoWithInitiatives();
    const terminal = new Terminal(dir, ['hypothesis', 'add']);
    try {
      await terminal.waitFor('Initiative:');
      terminal.press('Down', 'Enter');
      const kinds = await terminal.waitFor('Kind:');
      expect(kinds).toContain('10X better');
      terminal.press('Down', 'Enter');
      await terminal.waitFor('Statement:');
      terminal.type('A firm price in under a minute: "really"');
      terminal.press('Enter');
      await terminal.waitFor('First claim');
      terminal.type('Shippers accept a firm price');
      terminal.press('Enter');
      await terminal.waitFor('Another claim');
      terminal.type('Three options are enough');
      terminal.press('Enter');
      await terminal.waitFor(/Another claim[^\n]*\n[^\n]*Another claim/);
      terminal.press('Enter');
      await terminal.waitFor('current solution');
      terminal.type('Emailing two brokers');
      terminal.press('Enter');
      await terminal.waitFor('improvement factor');
      terminal.type('8');
      terminal.press('Enter');
      const preview = await terminal.waitFor('Save it?');
      expect(preview).toContain('below the 10X');
      expect(preview).toContain('This will be saved to discovery/hypotheses/instant-quotes/instant-quotes-product.yaml');
      expect(preview).toContain('improvementFactor: 8');
      terminal.press('Enter');
      expect(await terminal.exitCode()).toBe(0);
    } finally {
      terminal.close();
    }
    const saved = readFileSync(join(dir, 'discovery/hypotheses/instant-quotes/instant-quotes-product.yaml'), 'utf8');
    expect(saved).toContain('initiative: instant-quotes\nkind: product\n');
    expect(saved).toContain(`statement: 'A firm price in under a minute: "really"'`);
    expect(saved).toContain('  - { id: c1, text: Shippers accept a firm price }\n  - { id: c2, text: Three options are enough }\n');
    expect(saved).toContain('currentSolution: Emailing two brokers\nimprovementFactor: 8\n');
    rmSync(join(dir, '.pdx-test-exit'));
    // The binary, as at the terminal: both take today from the calendar (the record is created today).
    expect((await spawnPdx(['validate'], { cwd: dir })).code).toBe(0);
  });

  it('Ctrl-C midway writes no record, keeps the half-typed line in a draft, and exits 130', async () => {
    const dir = await repoWithInitiatives();
    const before = treeHash(dir, (path) => path.startsWith('.git') || path.startsWith('.pdx-test-exit'));
    const terminal = new Terminal(dir, ['hypothesis', 'add']);
    try {
      await terminal.waitFor('Initiative:');
      terminal.press('Enter');
      await terminal.waitFor('Kind:');
      terminal.press('Enter');
      await terminal.waitFor('Statement:');
      terminal.type('Half a thought');
      await terminal.waitFor('Half a thought');
      terminal.press('C-c');
      expect(await terminal.exitCode()).toBe(130);
      expect(await terminal.waitFor('interrupted')).toContain('pdx: interrupted; your answers are kept in .pdx/drafts/hypothesis-add.json — run pdx hypothesis add to resume');
    } finally {
      terminal.close();
    }
    expect(treeHash(dir, (path) => path.startsWith('.git') || path.startsWith('.pdx-test-exit') || path.startsWith('.pdx/drafts'))).toBe(before);
    expect(readdirSync(join(dir, 'discovery/hypotheses'))).toEqual([]);
    const draft = JSON.parse(readFileSync(join(dir, '.pdx/drafts/hypothesis-add.json'), 'utf8'));
    expect(draft.typing).toEqual({ question: 'Statement:', text: 'Half a thought' });
  });

  it('a terminal closed mid-sentence loses at most the last second of typing', async () => {
    const dir = await repoWithInitiatives();
    const terminal = new Terminal(dir, ['hypothesis', 'add']);
    const draft = join(dir, '.pdx/drafts/hypothesis-add.json');
    try {
      await terminal.waitFor('Initiative:');
      terminal.press('Enter');
      await terminal.waitFor('Kind:');
      terminal.press('Enter');
      await terminal.waitFor('Statement:');
      terminal.type('Typed before the window closed');
      await terminal.waitFor('Typed before the window closed');
      // The line is kept within a second of being typed; the window closes (SIGHUP) after that.
      const deadline = Date.now() + 5000;
      while (!existsSync(draft) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      terminal.close();
    }
    expect(JSON.parse(readFileSync(draft, 'utf8')).typing).toEqual({ question: 'Statement:', text: 'Typed before the window closed' });
  });
});
