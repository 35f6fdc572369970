import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext, type Io } from '../../src/cli/context.js';

const io = (env: Record<string, string>, tty = true): Io => ({
  cwd: '/repo',
  env,
  stdout: { write: () => true, isTTY: tty },
  stderr: { write: () => true },
  stdinIsTTY: tty,
});

describe('createContext', () => {
  it('prompts only at a terminal, without --no-input and without CI', () => {
    expect(createContext(io({}), {}).interactive).toBe(true);
    expect(createContext(io({ CI: 'true' }), {}).interactive).toBe(false);
    expect(createContext(io({ CI: '1' }), {}).interactive).toBe(false);
    expect(createContext(io({ CI: 'false' }), {}).interactive).toBe(true);
    expect(createContext(io({}), { input: false }).interactive).toBe(false);
    expect(createContext(io({}, false), {}).interactive).toBe(false);
  });

  it('colours only a terminal, and never with NO_COLOR or --no-color', () => {
    expect(createContext(io({}), {}).color).toBe(true);
    expect(createContext(io({ NO_COLOR: '1' }), {}).color).toBe(false);
    expect(createContext(io({}), { color: false }).color).toBe(false);
    expect(createContext(io({}, false), {}).color).toBe(false);
    expect(createContext(io({ FORCE_COLOR: '1' }, false), {}).color).toBe(true);
  });

  it('lets no ESC through its streams with colour off, and only SGR with colour on', () => {
    const written: string[] = [];
    const capture = (env: Record<string, string>, tty: boolean): Io => ({ ...io(env, tty), stdout: { write: (t: string) => written.push(t), isTTY: tty }, stderr: { write: (t: string) => written.push(t) } });
    const text = '\x1b[1mok\x1b[22m \x1b]52;c;aGk=\x07\u009b2J\u202e';
    for (const ctx of [createContext(capture({}, false), {}), createContext(capture({ FORCE_COLOR: '1' }, false), {})]) {
      ctx.out(text);
      ctx.err(text);
    }
    expect(written).toEqual([
      ...Array(2).fill('\\e[1mok\\e[22m \\e]52;c;aGk=\\u0007\\u009b2J\\u202e\n'),
      ...Array(2).fill('\x1b[1mok\x1b[22m \\e]52;c;aGk=\\u0007\\u009b2J\\u202e\n'),
    ]);
  });

  it('resolves -C against the working folder, and refuses a folder that is not there (never the repo above it)', () => {
    const base = mkdtempSync(join(tmpdir(), 'pdx-context-'));
    mkdirSync(join(base, 'examples'));
    expect(createContext({ ...io({}), cwd: base }, { C: 'examples' }).cwd).toBe(join(base, 'examples'));
    expect(() => createContext({ ...io({}), cwd: base }, { C: 'exmaples' })).toThrow('-C exmaples: no such folder');
    writeFileSync(join(base, 'file'), '');
    expect(() => createContext({ ...io({}), cwd: base }, { C: 'file' })).toThrow('-C file: no such folder');
  });
});
