/**
 * The quantile heads and their loss. A network emits [p50 | gap] (each `horizon` wide); p90 is
 * p50 + softplus(gap), so p50 ≤ p90 holds by construction. Training minimises the pinball
 * (quantile) loss of p50 at q = 0.5 plus `p90Weight` times that of p90 at q = 0.9, in the
 * normalised (log) space; pinball at 0.5 is half the absolute error, which in log space tracks sMAPE.
 */
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from '../../learned/backend.js';

export function splitQuantiles(tf: Tf, out: Tensor2D): { p50: Tensor2D; p90: Tensor2D } {
  const [p50, gap] = tf.split(out, 2, 1) as [Tensor2D, Tensor2D];
  return { p50, p90: tf.add(p50, tf.softplus(gap)) };
}

/** mean over the batch and horizon of max(q · e, (q − 1) · e), e = actual − forecast. */
export function pinball(tf: Tf, actual: Tensor2D, forecast: Tensor2D, q: number): Scalar {
  const e = tf.sub(actual, forecast);
  return tf.mean(tf.maximum(tf.mul(e, q), tf.mul(e, q - 1)));
}

export function quantileLoss(tf: Tf, out: Tensor2D, actual: Tensor2D, p90Weight: number): Scalar {
  const { p50, p90 } = splitQuantiles(tf, out);
  return tf.add(pinball(tf, actual, p50, 0.5), tf.mul(pinball(tf, actual, p90, 0.9), p90Weight));
}
