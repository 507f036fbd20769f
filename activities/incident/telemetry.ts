/**
 * Feedback from incidents to the anomaly detector: an anomaly incident marked false positive
 * raises its series' threshold in the telemetry daemon of this worker (docs/telemetry.md).
 * Without a daemon here the answer says so; the label stays on the incident either way.
 */

/** What the worker's telemetry daemon offers the incident activities. */
export interface TelemetryFeedback {
  /** Counts a false positive on `series`; resolves with the series' new threshold. */
  falsePositive(series: string): Promise<number>;
}

export interface FalsePositiveResult {
  applied: boolean;
  threshold?: number;
  reason?: string;
}

export function createTelemetryFeedback(telemetry: TelemetryFeedback | undefined) {
  return {
    async telemetryFalsePositive(input: { series: string }): Promise<FalsePositiveResult> {
      if (!telemetry) return { applied: false, reason: 'no telemetry daemon runs in this worker' };
      return { applied: true, threshold: await telemetry.falsePositive(input.series) };
    },
  };
}
