/**
 * The LSTM forecaster's network. The window of `lookback` points is read as a sequence of
 * `lookback / chunk` steps of `chunk` points each (chunk = the season: one day of hourly data per
 * step), so the recurrence runs over days, not hours — 7 steps for a week instead of 168, which
 * keeps TF.js' per-op cost down. One or more LSTM layers of `units` (forget-gate bias 1), then a
 * dense head on the last hidden state and the last chunk of input (a skip connection) outputs
 * all `2 · horizon` values at once (multi-output, no recursion).
 */
import type { Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from '../../learned/backend.js';
import { Params, type Net, type NetShape } from './net.js';

export interface LstmShape {
  units: number;
  lstmLayers: number;
  /** Hidden relu units of the head (0: linear head). */
  headUnits: number;
}

export function lstmNet(tf: Tf, shape: NetShape, hyper: LstmShape): Net {
  const chunk = Math.max(1, shape.season);
  if (shape.lookback % chunk !== 0) throw new Error(`lstm: lookback ${shape.lookback} must be a multiple of the season ${chunk}`);
  const steps = shape.lookback / chunk;
  const p = new Params(tf, shape.seed);
  const { units } = hyper;
  const cells = Array.from({ length: hyper.lstmLayers }, (_, l) => ({
    wx: p.weight(l === 0 ? chunk : units, 4 * units),
    wh: p.weight(units, 4 * units),
    // Gate order i, f, g, o; the forget gate starts open.
    b: p.bias(4 * units, (i) => (i >= units && i < 2 * units ? 1 : 0)),
  }));
  const head = hyper.headUnits > 0 ? p.dense(units + chunk, hyper.headUnits) : undefined;
  const out = p.dense(hyper.headUnits > 0 ? hyper.headUnits : units + chunk, 2 * shape.horizon);
  return {
    variables: p.variables,
    apply(x: Tensor2D): Tensor2D {
      const batch = x.shape[0];
      let inputs: Tensor2D[] = Array.from({ length: steps }, (_, s) => tf.slice(x, [0, s * chunk], [batch, chunk]));
      for (const cell of cells) {
        let h = tf.zeros([batch, units]) as Tensor2D;
        let c = tf.zeros([batch, units]) as Tensor2D;
        const outputs: Tensor2D[] = [];
        for (const input of inputs) {
          const z = tf.add(tf.add(tf.matMul(input, cell.wx), tf.matMul(h, cell.wh)), cell.b) as Tensor2D;
          const [i, f, g, o] = tf.split(z, 4, 1) as [Tensor2D, Tensor2D, Tensor2D, Tensor2D];
          c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
          h = tf.mul(tf.sigmoid(o), tf.tanh(c));
          outputs.push(h);
        }
        inputs = outputs;
      }
      const features = tf.concat([inputs[inputs.length - 1]!, tf.slice(x, [0, shape.lookback - chunk], [batch, chunk])], 1);
      return p.apply(out, head === undefined ? features : p.apply(head, features, 'relu'));
    },
  };
}
