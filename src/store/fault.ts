/**
 * The crash-test seam of the write path, after SQLite's crash tests: every step that changes the
 * disk calls `faultPoint` first. With `PDX_TEST_FAULT=crash@N` the process is killed (SIGKILL,
 * nothing runs after it) at the Nth step; with `fail@N` the Nth step fails as the disk would
 * (EIO). Tests walk N from 1 until the command completes, proving every instant leaves the repo
 * before or after the change, never between. Unset, it costs one comparison per step.
 */
let spec = parseFault(process.env.PDX_TEST_FAULT);
let steps = 0;
/** The names of the steps passed so far, while a fault is armed. */
let seen: string[] = [];

function parseFault(value: string | undefined): RegExpExecArray | null {
  return /^(crash|fail)@(\d+)$/.exec(value ?? '');
}

/**
 * Reads `PDX_TEST_FAULT` again and counts steps from 1: for tests that run pdx several times in
 * one process (the binary reads it once, when this module loads, and never calls this).
 */
export function armFaults(value: string | undefined = process.env.PDX_TEST_FAULT): void {
  spec = parseFault(value);
  steps = 0;
  seen = [];
}

/** The steps reached since faults were armed, in order (empty when none is armed). */
export function faultSteps(): readonly string[] {
  return seen;
}

export function faultPoint(step: string): void {
  if (!spec) return;
  seen.push(step);
  if (++steps !== Number(spec[2])) return;
  if (spec[1] === 'crash') process.kill(process.pid, 'SIGKILL');
  const error = new Error(`EIO: simulated i/o failure at step ${steps} (${step})`) as NodeJS.ErrnoException;
  error.code = 'EIO';
  error.syscall = 'write';
  throw error;
}
