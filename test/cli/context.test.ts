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

  it('resolves -C against the working folder', () => {
    expect(createContext(io({}), { C: 'examples' }).cwd).toBe('/repo/examples');
  });
});
