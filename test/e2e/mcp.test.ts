import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_ENV, BIN, git, gitPdxRepo, spawnPdx, tempDir, treeHash } from '../helpers.js';

/**
 * `pdx mcp` driven as an AI assistant's client drives it: the real binary, the SDK's own Client
 * over stdio, one server for the file, over a real git repo.
 */

const DAY = '2026-11-02';
let repo: string;
let client: Client;
let transport: StdioClientTransport;
let serverLog = '';

const env = { ...BASE_ENV, NO_COLOR: '1', CI: '' } as Record<string, string>;

beforeAll(async () => {
  repo = await gitPdxRepo();
  for (const args of [
    ['initiative', 'add', '--title', 'Instant quotes', '--date', DAY],
    ['hypothesis', 'add', '--initiative', 'instant-quotes', '--kind', 'customer', '--statement', 'Shippers of bulky goods wait days for a freight quote', '--claim', 'high: they wait more than a day', '--segment', 'online sellers', '--date', DAY],
    ['evidence', 'add', '--initiative', 'instant-quotes', '--customer', 'C-001', '--source', 'interview', '--note', 'Waits three days for a liftgate quote', '--date', DAY],
  ]) {
    const result = await spawnPdx(args, { cwd: repo });
    expect(result.code, result.stderr).toBe(0);
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'discovery so far');
  transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: repo, env, stderr: 'pipe' });
  transport.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
  client = new Client({ name: 'pdx-test', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
});

const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
const text = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** Every file of the repo but pdx's caches, and git's view of it. */
function snapshot(dir: string): { tree: string; status: string } {
  return { tree: treeHash(dir, (path) => path.startsWith('.git/') || path === '.git' || path.startsWith('.pdx/cache')), status: git(dir, 'status', '--porcelain') };
}

describe('pdx mcp', () => {
  it('initializes as pdx, with tools', () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'pdx', version: JSON.parse(readFileSync(join(BIN, '../../package.json'), 'utf8')).version });
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    expect(serverLog).toContain('serving the pdx repo');
  });

  it('lists the read and write tools, each with a description and an input schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['evidence_add', 'evidence_list', 'evidence_show', 'gate', 'hypothesis_add', 'idea_add', 'report', 'search', 'status'].sort());
    for (const tool of tools) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(30);
      expect(tool.inputSchema.type).toBe('object');
    }
    const add = tools.find((t) => t.name === 'evidence_add')!;
    expect(add.inputSchema.required).toEqual(['customer', 'source', 'note']);
    expect(add.inputSchema.properties?.source).toMatchObject({ enum: ['interview', 'observation', 'survey', 'research', 'analytics', 'experiment'] });
    expect(add.annotations?.readOnlyHint).toBe(false);
    expect(add.outputSchema?.required).toEqual(['ok', 'id', 'path', 'changed']);
    expect(tools.find((t) => t.name === 'gate')!.inputSchema.properties?.stage).toMatchObject({ enum: expect.arrayContaining(['immersion', 'mvp']) });
  });

  it('status and search read the repo: structured content, and the same JSON as text', async () => {
    const status = await call('status', {});
    expect(status.isError).toBeFalsy();
    expect(status.structuredContent).toMatchObject({ initiatives: [expect.objectContaining({ id: 'instant-quotes', stage: 'immersion' })] });
    expect(JSON.parse(text(status))).toEqual(status.structuredContent);

    const search = await call('search', { text: 'liftgate' });
    expect(search.isError).toBeFalsy();
    const hits = (search.structuredContent as { hits: { kind: string; field: string; text: string }[] }).hits;
    expect(hits).toEqual([expect.objectContaining({ kind: 'evidence', field: 'note', text: 'Waits three days for a liftgate quote' })]);
    expect(JSON.parse(text(search))).toEqual(search.structuredContent);
  });

  it('report: the summary as structured content by default, the page as text with format markdown', async () => {
    const summary = await call('report', { asOf: DAY });
    expect(summary.isError, text(summary)).toBeFalsy();
    expect(summary.structuredContent).toMatchObject({ schemaVersion: expect.any(Number), asOf: DAY });
    expect(JSON.parse(text(summary))).toEqual(summary.structuredContent);
    const page = await call('report', { asOf: DAY, format: 'markdown' });
    expect(page.isError, text(page)).toBeFalsy();
    expect(page.structuredContent).toBeUndefined();
    expect(text(page)).toMatch(/^# Discovery health — Test team, as of 2026-11-02\n/);
  });

  it('a gate that fails is an answer, not an error', async () => {
    // No ideas yet: the mvp gate fails (exit 1), and that is the answer.
    const gate = await call('gate', { stage: 'mvp', initiatives: ['instant-quotes'] });
    expect(gate.isError, text(gate)).toBeFalsy();
    expect(gate.structuredContent).toMatchObject({ ok: false, stage: 'mvp', initiatives: [expect.objectContaining({ id: 'instant-quotes', pass: false })] });
    expect(JSON.parse(text(gate))).toEqual(gate.structuredContent);
  });

  it('evidence_add writes the record the CLI writes, valid, and reads it back at once', async () => {
    const twin = tempDir('pdx-mcp-twin-');
    cpSync(repo, twin, { recursive: true });
    const inputs = { hypothesis: 'instant-quotes-customer', claim: 'c1', verdict: 'supports', customer: 'C-017', source: 'interview', note: 'Asked for a quote on Monday,\nstill waiting: "we lose the sale"', quote: 'we lose the sale', tags: ['pricing', 'wait'], date: DAY };
    const result = await call('evidence_add', inputs);
    expect(result.isError, text(result)).toBeFalsy();
    const file = 'discovery/evidence/instant-quotes/2026-11-02-c-017.yaml';
    expect(result.structuredContent).toMatchObject({ ok: true, id: '2026-11-02-c-017', path: file, changed: [file] });
    expect(text(result)).toContain('not committed');
    expect(git(repo, 'status', '--porcelain').trim()).toBe(`?? ${file}`);

    const [cli, validate] = await Promise.all([
      spawnPdx(['evidence', 'add', '--hypothesis', inputs.hypothesis, '--claim', 'c1', '--verdict', 'supports', '--customer', 'C-017', '--source', 'interview', '--note', inputs.note, '--quote', inputs.quote, '--tag', 'pricing', '--tag', 'wait', '--date', DAY], { cwd: twin }),
      spawnPdx(['validate'], { cwd: repo }),
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(readFileSync(join(repo, file))).toEqual(readFileSync(join(twin, file)));
    expect(readFileSync(join(repo, file), 'utf8')).toContain('by: Test User');
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    const shown = await call('evidence_show', { id: '2026-11-02-c-017' });
    expect(shown.structuredContent).toMatchObject({ id: '2026-11-02-c-017', customer: 'C-017', verdict: 'supports' });
    const listed = await call('evidence_list', { tags: ['pricing'] });
    expect((listed.structuredContent as { evidence: { id: string }[] }).evidence.map((e) => e.id)).toEqual(['2026-11-02-c-017']);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'the evidence logged by the assistant');
  });

  it('idea_add and hypothesis_add write through their commands, and commit when asked', async () => {
    const idea = await call('idea_add', { initiative: 'instant-quotes', text: 'Quote from the order page', date: DAY, commit: true });
    expect(idea.isError, text(idea)).toBeFalsy();
    expect(idea.structuredContent).toMatchObject({ ok: true, commit: expect.stringMatching(/^[0-9a-f]{7,}$/) });
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(git(repo, 'log', '-1', '--format=%s')).toContain('instant-quotes');

    const hypothesis = await call('hypothesis_add', { initiative: 'instant-quotes', kind: 'product', statement: 'An instant quote beats a three-day wait', claims: ['high: a quote in a minute wins the order'], currentSolution: 'email the carrier', improvementFactor: 10, date: DAY });
    expect(hypothesis.isError, text(hypothesis)).toBeFalsy();
    expect(hypothesis.structuredContent).toMatchObject({ ok: true, id: 'instant-quotes-product' });
    const validate = await spawnPdx(['validate'], { cwd: repo });
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'the hypothesis');
  });

  it.each([
    ['an unknown hypothesis', { hypothesis: 'no-such-hypothesis', claim: 'c1', verdict: 'supports', customer: 'C-018', source: 'interview', note: 'x' }, /`hypothesis`/],
    ['an empty note', { initiative: 'instant-quotes', customer: 'C-018', source: 'interview', note: '   ' }, /`note` is empty/],
    ['an impossible date', { initiative: 'instant-quotes', customer: 'C-018', source: 'interview', note: 'x', date: '2026-02-30' }, /`date` must be a real date/],
    ['a day after today', { initiative: 'instant-quotes', customer: 'C-018', source: 'interview', note: 'x', date: '9999-01-01' }, /`date` 9999-01-01 is after today/],
    ['an id that is a path', { initiative: 'instant-quotes', customer: 'C-018', source: 'interview', note: 'x', id: '../../etc' }, /`id` "\.\.\/\.\.\/etc" is not a valid id/],
    ['an initiative that is a path', { initiative: '../../etc', customer: 'C-018', source: 'interview', note: 'x' }, /initiative/],
    ['a customer named, not pseudonymous', { initiative: 'instant-quotes', customer: 'Jane Doe', source: 'interview', note: 'x' }, /`customer` "Jane Doe"/],
    ['a source not in the list', { initiative: 'instant-quotes', customer: 'C-018', source: 'gossip', note: 'x' }, /`source` must be one of interview/],
    ['a missing note', { initiative: 'instant-quotes', customer: 'C-018', source: 'interview' }, /`note` is required/],
    ['a note of "-" (standard input at a terminal)', { initiative: 'instant-quotes', customer: 'C-018', source: 'interview', note: '-' }, /`note` is "-"/],
    ['an input the tool does not have', { initiative: 'instant-quotes', customer: 'C-018', source: 'interview', note: 'x', noteFile: '/etc/passwd' }, /`noteFile` is not an input/],
    ['a flag smuggled into a value', { initiative: 'instant-quotes', customer: 'C-018', source: 'interview', note: 'x', tags: ['--commit'] }, /`tags`/],
  ])('evidence_add refuses %s, naming the field, and writes nothing', async (_what, args, message) => {
    const before = snapshot(repo);
    const result = await call('evidence_add', args);
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(message);
    expect(text(result)).toContain('nothing was written');
    expect(snapshot(repo)).toEqual(before);
    expect(before.status).toBe('');
  });

  it.each([
    ['idea_add', { initiative: '--commit', text: 'Quote from the order page' }, 'no initiative with id `--commit`'],
    ['gate', { stage: 'mvp', initiatives: ['--format=text'] }, 'no initiative with id `--format=text`'],
  ])('%s takes a value that looks like a flag as a value (after --): refused as an unknown id, nothing written', async (tool, args, message) => {
    const before = snapshot(repo);
    const result = await call(tool, args);
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(`pdx: ${message}`);
    expect(snapshot(repo)).toEqual(before);
    expect(before.status).toBe('');
  });

  it('a read tool with a bad input is a tool error too, and the server carries on', async () => {
    const result = await call('gate', { stage: 'nope' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/`stage` must be one of immersion/);
    // The CLI's hint comes along: where to find the ids.
    const unknown = await call('evidence_show', { id: 'no-such-evidence' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/^pdx: no evidence with id `no-such-evidence`\n {2}hint: the evidence records are .*`2026-11-02-c-001`/);
    expect((await call('status', {})).isError).toBeFalsy();
  });
});

describe('pdx mcp, as a process', () => {
  it('starts without a pdx repo, each tool saying how to make one; ends when standard input closes', async () => {
    const empty = tempDir('pdx-mcp-empty-');
    const child = spawn(process.execPath, [BIN, 'mcp'], { cwd: empty, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    const replies = (n: number) => new Promise<void>((resolve) => {
      const check = () => (stdout.split('\n').filter((l) => l.trim() !== '').length >= n ? resolve() : setTimeout(check, 20));
      check();
    });
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await replies(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'status', arguments: {} } });
    await replies(2);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.end();
    expect(await exited).toBe(0);
    // Nothing but protocol on stdout: every line a JSON-RPC message.
    const lines = stdout.split('\n').filter((l) => l !== '');
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    const status = JSON.parse(lines[1]!) as { result: CallToolResult };
    expect(status.result.isError).toBe(true);
    expect(text(status.result)).toContain('pdx init');
    expect(stderr).toContain('no pdx repo');
  });

  it('answers every call sent before standard input closed, then exits (printf … | pdx mcp)', async () => {
    // Its own cache folder: the server's code cache is saved for `mcp`, whatever its tools ran.
    const home = tempDir('pdx-xdg-');
    const child = spawn(process.execPath, [BIN, 'mcp'], { cwd: repo, env: { ...env, XDG_CACHE_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // All at once, and the end of input right after, as a shell pipe sends them.
    child.stdin.end(
      [
        { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pipe', version: '1' } } },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'status', arguments: {} } },
        { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'report', arguments: { format: 'markdown', asOf: DAY } } },
      ].map((m) => `${JSON.stringify(m)}\n`).join(''),
    );
    expect(await exited).toBe(0);
    const replies = stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { id: number; result: CallToolResult });
    expect(replies.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(text(replies[2]!.result)).toContain('instant-quotes');
    expect(readdirSync(join(home, 'pdx')).filter((n) => n.startsWith('code-')).map((n) => n.replace(/^code-[0-9a-f]+-/, ''))).toEqual(['mcp.bin']);
  });
});
