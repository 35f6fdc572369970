import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyOfExamples, EXAMPLES, runPdx } from '../helpers.js';

interface Row {
  initiative: string;
  hypothesis: string;
  claim: string;
  importance: string;
  strongest: string;
  evidence: number;
  strong: number;
  balance: { supports: number; refutes: number; neutral: number };
}

describe('pdx assumptions', () => {
  it('lists every current claim of examples/ riskiest first: by importance, then how well known, then balance, then fewer records, then ids', async () => {
    const result = await runPdx(['-C', EXAMPLES, 'assumptions', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as Row[];
    expect(rows.map((r) => `${r.importance} ${r.strongest} ${r.hypothesis}#${r.claim}`)).toEqual([
      'high none cargo-protection-product-2#c2',
      'high weak cargo-protection-pricing-2#c1',
      'high strong instant-quotes-pricing-2#c1',
      'high strong instant-quotes-product#c1',
      'high strong tracking-links-customer#c1',
      'high strong tracking-links-pricing#c1',
      'high strong instant-quotes-customer#c2',
      'medium none cargo-protection-revenue-engine-2#c1',
      'medium none cargo-protection-revenue-engine-2#c2',
      'medium none dock-slot-booking-customer#c1',
      'medium none dock-slot-booking-product#c1',
      'medium weak cargo-protection-competitor#c1',
      'medium weak cargo-protection-customer-2#c1',
      'medium weak cargo-protection-product-2#c1',
      'medium weak cargo-protection-customer-2#c2',
      'medium strong tracking-links-market#c1',
      'medium strong tracking-links-revenue-engine#c1',
      'medium strong instant-quotes-competitor#c1',
      'medium strong instant-quotes-customer#c1',
      'medium strong instant-quotes-pricing-2#c2',
      'medium strong instant-quotes-product#c2',
      'medium strong instant-quotes-revenue-engine#c1',
      'medium strong tracking-links-competitor#c1',
      'medium strong tracking-links-pricing#c2',
      'medium strong tracking-links-product#c1',
      'medium strong tracking-links-customer#c2',
      'medium strong tracking-links-product#c2',
      'low weak cargo-protection-market#c1',
      'low strong instant-quotes-revenue-engine#c2',
      'low strong tracking-links-revenue-engine#c2',
      'low strong instant-quotes-market#c1',
    ]);
    // Superseded and invalidated hypotheses are not current: their claims are not assumptions any more.
    expect(rows.some((r) => r.hypothesis === 'instant-quotes-pricing')).toBe(false);
    // A refuted claim is counted as such: one for, one against, both interviews.
    expect(rows.find((r) => r.hypothesis === 'cargo-protection-pricing-2')).toMatchObject({ evidence: 2, strong: 0, balance: { supports: 1, refutes: 1, neutral: 0 } });
    // The prototype round record marked strong by hand, and the interview backed by a payment, count as strong.
    expect(rows.find((r) => r.hypothesis === 'instant-quotes-product' && r.claim === 'c1')).toMatchObject({ evidence: 2, strong: 1 });
    expect(rows.find((r) => r.hypothesis === 'tracking-links-pricing' && r.claim === 'c2')).toMatchObject({ evidence: 2, strong: 1 });
  });

  it('--initiative keeps one initiative and leaves its column out of the table; an unknown one is a usage error', async () => {
    const table = await runPdx(['-C', EXAMPLES, 'assumptions', '--initiative', 'cargo-protection']);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split('\n').filter((l) => l.includes('cargo-protection-'));
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatch(/high +│ no evidence +│ cargo-protection-product-2 c2 +│ Paying the shipper first/);
    expect(table.stdout).not.toMatch(/│ initiative/);
    const unknown = await runPdx(['-C', EXAMPLES, 'assumptions', '--initiative', 'cargo']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no initiative with id `cargo`');
  });

  it("takes strength from the strong-evidence rule's table in pdx.yaml", async () => {
    const rows = async (dir: string) => JSON.parse((await runPdx(['-C', dir, 'assumptions', '--json', '--initiative', 'cargo-protection'])).stdout) as Row[];
    const market = (all: Row[]) => all.find((r) => r.hypothesis === 'cargo-protection-market')!;
    expect(market(await rows(EXAMPLES))).toMatchObject({ strongest: 'weak', strong: 0 });
    const dir = copyOfExamples();
    // A team that trusts desk research as much as what customers do can say so.
    const config = join(dir, 'pdx.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('rules:\n', 'rules:\n  strong-evidence: { strength: { research: strong } }\n'));
    const trusted = await rows(dir);
    expect(market(trusted)).toMatchObject({ strongest: 'strong', strong: 1 });
  });
});
