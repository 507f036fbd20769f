/**
 * Corpus lookup: tests that read a third-party corpus run where it is, skip with the reason
 * outside CI where it is not, and fail under CI, so CI never loses them quietly.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCorpus, isCi } from './shared-data.js';

describe('findCorpus', () => {
  const empty = mkdtempSync(join(tmpdir(), 'swaybot-shared-empty-'));

  it('finds a corpus under SWAYBOT_SHARED_DATA', () => {
    const root = mkdtempSync(join(tmpdir(), 'swaybot-shared-'));
    mkdirSync(join(root, 'nab'));
    expect(findCorpus('nab', { SWAYBOT_SHARED_DATA: root })).toEqual({ dir: join(root, 'nab') });
  });

  it('outside CI, says where it looked and how to provide it', () => {
    const { dir, missing } = findCorpus('runbooks-dev', { SWAYBOT_SHARED_DATA: empty, CI: 'false' });
    expect(dir).toBeUndefined();
    expect(missing).toContain(`corpus runbooks-dev not found at ${join(empty, 'runbooks-dev')} (SWAYBOT_SHARED_DATA)`);
    expect(missing).toContain('set SWAYBOT_SHARED_DATA');
  });

  it('under CI, a missing corpus is an error', () => {
    expect(() => findCorpus('m4', { SWAYBOT_SHARED_DATA: empty, CI: 'true' })).toThrow(/corpus m4 not found .* a missing corpus fails the run/);
  });

  it('reads CI as set unless empty, 0 or false', () => {
    expect(['true', '1', 'yes'].map((CI) => isCi({ CI }))).toEqual([true, true, true]);
    expect(['', '0', 'false', 'FALSE'].map((CI) => isCi({ CI }))).toEqual([false, false, false, false]);
    expect(isCi({})).toBe(false);
  });
});
