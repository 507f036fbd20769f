import { open } from 'node:fs/promises';

/** fsyncs a directory so a file created or removed in it survives a crash (POSIX needs this). */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
