import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers.js';

// Each test file's temporary folders go when it is done.
afterAll(removeTempDirs);
