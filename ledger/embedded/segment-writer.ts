import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { segmentName } from './scan.js';
import { fsyncDir } from './fs-sync.js';

/**
 * Appends whole batches to the newest segment: one write, one fsync. A new segment is started
 * only between batches, once the current one reaches `maxSegmentBytes`, so a batch never spans
 * two files and recovery only ever cuts the last one.
 */
export class SegmentWriter {
  readonly #dir: string;
  readonly #maxSegmentBytes: number;
  #number: number;
  #size: number;
  #fh: FileHandle | undefined;

  constructor(dir: string, segmentNumber: number, size: number, maxSegmentBytes: number) {
    this.#dir = dir;
    this.#number = segmentNumber;
    this.#size = size;
    this.#maxSegmentBytes = maxSegmentBytes;
  }

  /** Name of the segment the next batch goes to (before any rotation). */
  get segment(): string {
    return segmentName(this.#number);
  }

  /**
   * Writes `buf` durably at the end of the log and returns where it starts. On failure the
   * segment is cut back to its previous length so the next batch chains onto committed bytes;
   * if even that fails the error says so and the caller must stop writing.
   */
  async append(buf: Buffer): Promise<{ segment: string; offset: number }> {
    if (this.#size >= this.#maxSegmentBytes && this.#size > 0) await this.#rotate();
    const fh = await this.#handle();
    const offset = this.#size;
    try {
      let done = 0;
      while (done < buf.length) {
        const { bytesWritten } = await fh.write(buf, done, buf.length - done, offset + done);
        done += bytesWritten;
      }
      await fh.sync();
    } catch (error) {
      try {
        await fh.truncate(offset);
        await fh.sync();
      } catch (cutError) {
        throw new AggregateError([error, cutError], 'Ledger write failed and the segment could not be cut back; reopen the ledger to recover');
      }
      throw error;
    }
    this.#size = offset + buf.length;
    return { segment: this.segment, offset };
  }

  async close(): Promise<void> {
    await this.#fh?.close();
    this.#fh = undefined;
  }

  async #handle(): Promise<FileHandle> {
    if (!this.#fh) {
      // 'a+' would ignore positions; 'r+' needs the file, so create it first when new.
      const path = join(this.#dir, this.segment);
      const created = this.#size === 0;
      if (created) await (await open(path, 'a')).close();
      this.#fh = await open(path, 'r+');
      if (created) await fsyncDir(this.#dir);
    }
    return this.#fh;
  }

  async #rotate(): Promise<void> {
    await this.close();
    this.#number += 1;
    this.#size = 0;
  }
}
