import { describe, expect, it } from 'vitest';
import { checkProgressLine } from '../../cli/format/progress.js';

describe('the `runbook check` progress line', () => {
  it('shows the count and the path when it fits', () => {
    expect(checkProgressLine(37, 120, 'kubevirt/drain.md', 80)).toBe('checking 37/120 kubevirt/drain.md');
  });

  it('cuts a long path in the middle so the line never wraps, keeping both ends', () => {
    const path = 'kubevirt/clusters/production-eu-west/nodes/maintenance/drain-a-node.md';
    const line = checkProgressLine(37, 120, path, 40);
    expect(line.length).toBeLessThan(40);
    expect(line).toMatch(/^checking 37\/120 kubevirt\/c.*….*node\.md$/);
  });

  it('assumes 80 columns when the terminal does not say (or says 0)', () => {
    const path = `${'d/'.repeat(60)}page.md`;
    for (const width of [undefined, 0]) expect(checkProgressLine(1, 2, path, width)).toHaveLength(79);
  });

  it('drops the path on a terminal too narrow for any of it', () => {
    expect(checkProgressLine(1, 2, 'a/b.md', 12)).toBe('checking 1/2');
  });
});
