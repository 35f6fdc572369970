import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RecordKind } from '../model/kinds.js';
import type { FileVerdict } from './check-file.js';
import type { Texts } from './texts.js';

/**
 * The cold parse on every core: files the cache does not know are checked by worker threads
 * (`checkBytes`, the very function the load runs itself), in chunks, while the load's own thread
 * reads and hashes the next files. A worker sends back each verdict lean, and the long texts only
 * when the command keeps them, as fresh values: nothing of a file's text stays referenced (a
 * parser's substrings would keep every file's whole text alive). Used only when it pays: many
 * files to check (`POOL_MIN_FILES`), more than one core, and a bundled build (a worker needs
 * a file to load; run from the sources, as the tests do in-process, there is none).
 */
export interface CheckPool {
  /** Checks `bytes` (a copy the pool may take) in some worker; answers in any order, each to its own call. */
  check(kind: RecordKind | 'config', file: string, bytes: Buffer): Promise<Checked>;
  /** Sends the last, partial chunk: call once every file was handed to `check`. */
  flush(): void;
  /** Whether so many chunks wait that the caller should let some answers in first. */
  full(): boolean;
  /** A promise that settles when some chunk came back. */
  drained(): Promise<void>;
  /** Stops the workers. */
  close(): Promise<void>;
}

export interface Checked {
  verdict: FileVerdict;
  texts?: Texts;
}

/** Fewer files than this are checked faster by the load's own thread than workers start. */
export const POOL_MIN_FILES = 2000;
const CHUNK = 64;

interface Job {
  kind: RecordKind | 'config';
  file: string;
  bytes: Uint8Array;
}
interface Pending {
  jobs: Job[];
  resolve: ((checked: Checked) => void)[];
}

/**
 * How many workers a load of `misses` unknown files should use: 0 for none. `busy` cores are
 * taken by other work of the command (a `git log` started meanwhile). `PDX_TEST_POOL=N` forces N
 * workers (0: none) whatever the count, for the tests that compare the pool with the single thread.
 */
export function poolSize(misses: number, busy: number): number {
  const forced = process.env.PDX_TEST_POOL;
  if (forced !== undefined && /^\d+$/.test(forced)) return workerEntry() ? Number(forced) : 0;
  if (misses < POOL_MIN_FILES || !workerEntry()) return 0;
  // The load's own thread only reads and hashes: it needs no core of its own. With git on the
  // other core of two, one worker still keeps the parse's garbage out of the load's heap.
  const cores = availableParallelism();
  return cores >= 2 ? Math.min(Math.max(cores - busy, 1), 8) : 0;
}

/** The bundle, when pdx runs from it: its workers load it too and run `runCheckWorker`. */
function workerEntry(): string | undefined {
  const here = import.meta.url;
  return here.endsWith('.cjs') ? fileURLToPath(here) : undefined;
}

export function openPool(size: number, texts: boolean): CheckPool {
  const entry = workerEntry()!;
  const waiting = new Set<() => void>();
  const inFlight = new Map<Worker, Map<number, Pending>>();
  let next = 0;
  let current: Pending = { jobs: [], resolve: [] };
  let fallback: typeof import('./check-file.js') | undefined;
  const wake = () => {
    for (const w of waiting) w();
    waiting.clear();
  };
  /** A worker that failed: its chunks are checked here instead, so a crash costs time, never answers. */
  const checkHere = async (pending: Pending) => {
    fallback ??= await import('./check-file.js');
    pending.jobs.forEach((job, i) => {
      const { verdict, texts: t } = fallback!.checkBytes(job.kind, job.file, Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength));
      pending.resolve[i]!({ verdict, ...(texts && t ? { texts: t } : {}) });
    });
  };
  const workers: Worker[] = [];
  for (let i = 0; i < size; i++) {
    // A worker holds one chunk at a time: a small heap, collected often, keeps the process's memory
    // down. A file that needs more makes the worker fail, and its chunk is checked here.
    const worker = new Worker(`require(${JSON.stringify(entry)}).runCheckWorker()`, { eval: true, workerData: { texts }, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 } });
    const mine = new Map<number, Pending>();
    inFlight.set(worker, mine);
    worker.on('message', ({ id, results }: { id: number; results: Checked[] }) => {
      const pending = mine.get(id)!;
      mine.delete(id);
      results.forEach((r, j) => pending.resolve[j]!(r));
      wake();
    });
    const lost = () => {
      inFlight.delete(worker);
      const orphans = [...mine.values()];
      mine.clear();
      workers.splice(workers.indexOf(worker), 1);
      for (const p of orphans) void checkHere(p).then(wake);
      wake();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => {
      if (inFlight.has(worker) && code !== 0) lost();
    });
    workers.push(worker);
  }
  const send = (pending: Pending) => {
    if (pending.jobs.length === 0) return;
    // The least busy worker; none left (all failed): here.
    let best: Worker | undefined;
    for (const w of workers) if (!best || inFlight.get(w)!.size < inFlight.get(best)!.size) best = w;
    if (!best) return void checkHere(pending).then(wake);
    const id = next++;
    inFlight.get(best)!.set(id, pending);
    best.postMessage({ id, jobs: pending.jobs }, pending.jobs.map((j) => j.bytes.buffer as ArrayBuffer));
  };
  return {
    check(kind, file, bytes) {
      // Its own copy, whose memory moves to the worker instead of being copied again.
      const copy = new Uint8Array(bytes);
      return new Promise<Checked>((resolve) => {
        current.jobs.push({ kind, file, bytes: copy });
        current.resolve.push(resolve);
        if (current.jobs.length >= CHUNK) {
          send(current);
          current = { jobs: [], resolve: [] };
        }
      });
    },
    flush() {
      send(current);
      current = { jobs: [], resolve: [] };
    },
    full() {
      let chunks = 0;
      for (const m of inFlight.values()) chunks += m.size;
      return workers.length > 0 && chunks >= workers.length * 3;
    },
    drained: () => new Promise<void>((resolve) => waiting.add(resolve)),
    async close() {
      inFlight.clear();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** A worker's loop: each chunk checked and answered in order. */
export async function runCheckWorker(): Promise<void> {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { checkBytes } = await import('./check-file.js');
  const texts = (workerData as { texts: boolean }).texts;
  parentPort!.on('message', ({ id, jobs }: { id: number; jobs: Job[] }) => {
    const results = jobs.map((job): Checked => {
      const { verdict, texts: t } = checkBytes(job.kind, job.file, Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength));
      return texts && t ? { verdict, texts: t } : { verdict };
    });
    parentPort!.postMessage({ id, results });
  });
}
