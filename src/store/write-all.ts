import { writeSync } from 'node:fs';

/**
 * Writes all of `content` to `fd`. `writeSync` may write only part of it — a disk with a few
 * blocks left, a file size limit (`ulimit -f`), a pipe whose reader is slower — and saying so is
 * its only warning: a write that stopped short is an error here (ENOSPC when the disk took
 * nothing more), never a shorter file passed off as the whole.
 */
export function writeAllSync(fd: number, content: string | Uint8Array): void {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  for (let done = 0; done < bytes.length; ) {
    let n: number;
    try {
      n = writeSync(fd, bytes, done, bytes.length - done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      continue;
    }
    if (n === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    done += n;
  }
}
