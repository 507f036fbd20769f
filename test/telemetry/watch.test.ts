/** AnomalyWatch: a spike fires once; the same series tagged `anomaly_detection:off` is never scored. */
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../ml/detect/index.js';
import type { Rollup } from '../../telemetry/rollup/types.js';
import { AnomalyWatch, NO_DETECTION_TAG } from '../../telemetry/watch.js';

function gauges(tags: Record<string, string>): Rollup[] {
  const series = `load|g|${Object.entries(tags).map(([k, v]) => `${k}:${v}`).join(',')}`;
  return Array.from({ length: 600 }, (_, i) => {
    const last = 50 + 5 * Math.sin((2 * Math.PI * i) / 96) + ((i * 7919) % 13) / 13 + (i === 500 ? 80 : 0);
    return { series, name: 'load', type: 'gauge', tags, start: i * 10_000, end: (i + 1) * 10_000, count: 1, sum: last, min: last, max: last, rate: 0.1, last };
  });
}

describe('AnomalyWatch', () => {
  it('fires on a spike of a scored series', () => {
    const watch = new AnomalyWatch(() => createDetector());
    const events = watch.observe(gauges({ service: 'api' }));
    expect(events.filter((e) => e.kind === 'firing').length).toBeGreaterThanOrEqual(1);
  });

  it('skips series tagged anomaly_detection:off', () => {
    const watch = new AnomalyWatch(() => createDetector());
    const events = watch.observe(gauges({ service: 'api', [NO_DETECTION_TAG.key]: NO_DETECTION_TAG.value }));
    expect(events).toEqual([]);
  });
});
