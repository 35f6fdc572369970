import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Child processes, not threads: an in-process run (test/harness.ts) sets the process
    // environment for its duration, which libuv (os.homedir) and git must see.
    pool: 'forks',
    // vitest's default is one worker less than the CPUs: one, on two cores, with the CPU idle
    // while tests wait for the processes and git they start.
    maxWorkers: 2,
    // The test files share their worker's modules (pdx's own, loaded once per worker, not per
    // file): a third less CPU. What pdx keeps per process the harness forgets at every run.
    isolate: false,
  },
});
