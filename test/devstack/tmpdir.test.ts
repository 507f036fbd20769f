import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('test temp folders', () => {
  it('live under the run folder that global teardown removes', () => {
    expect(basename(tmpdir())).toMatch(/^swaybot-test-/);
    expect(dirname(tmpdir())).not.toBe(tmpdir());
  });
});
