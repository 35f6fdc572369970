import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitPdxRepo, runPdx, treeHash } from '../helpers.js';
import { hasTmux, Terminal } from '../tty.js';

async function repoWithInitiatives(): Promise<string> {
  const dir = await gitPdxRepo();
  for (const title of ['Carrier payouts', 'Instant quotes']) expect((await runPdx(['initiative', 'add', '--title', title], { cwd: dir })).code).toBe(0);
  return dir;
}

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
    expect((await runPdx(['validate'], { cwd: dir })).code).toBe(0);
  });

  it('offers the last-used initiative first', async () => {
    const dir = await repoWithInitiatives();
    expect((await runPdx(['evidence', 'add', '--initiative', 'instant-quotes', '--customer', 'C-1', '--source', 'interview', '--note', 'n'], { cwd: dir })).code).toBe(0);
    const terminal = new Terminal(dir, ['hypothesis', 'add', '--kind', 'market', '--statement', 's', '--claim', 'c']);
    try {
      await terminal.waitFor('Initiative:');
      terminal.press('Enter');
      await terminal.waitFor('Market size');
      terminal.press('Enter');
      await terminal.waitFor('Source of that estimate');
      terminal.press('Enter');
      await terminal.waitFor('Save it?');
      terminal.press('Enter');
      expect(await terminal.exitCode()).toBe(0);
    } finally {
      terminal.close();
    }
    expect(existsSync(join(dir, 'discovery/hypotheses/instant-quotes/instant-quotes-market.yaml'))).toBe(true);
  });

  it('Ctrl-C midway writes nothing and exits 130', async () => {
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
      terminal.press('C-c');
      expect(await terminal.exitCode()).toBe(130);
    } finally {
      terminal.close();
    }
    expect(treeHash(dir, (path) => path.startsWith('.git') || path.startsWith('.pdx-test-exit'))).toBe(before);
    expect(readdirSync(join(dir, 'discovery/hypotheses'))).toEqual([]);
  });
});
