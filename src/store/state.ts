import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Per-clone memory of what the user last worked on (git-ignored), used for prompt defaults. */
const STATE_FILE = '.pdx/cache/state.json';

interface State {
  lastInitiative?: string;
}

export function readState(root: string): State {
  try {
    return JSON.parse(readFileSync(join(root, STATE_FILE), 'utf8')) as State;
  } catch {
    return {};
  }
}

export function rememberInitiative(root: string, id: string): void {
  try {
    mkdirSync(join(root, '.pdx/cache'), { recursive: true });
    writeFileSync(join(root, STATE_FILE), `${JSON.stringify({ ...readState(root), lastInitiative: id })}\n`);
  } catch {
    // A default for the next prompt is a convenience; failing to save it must not fail the command.
  }
}
