/**
 * The networks behind the learned forecasters, as plain TF.js variables and a forward function
 * (no tf.layers: the weights are an ordered list that save/load write as one Float32 file). Every
 * network maps a batch of normalised windows [B, lookback] to [B, 2 · horizon]: the p50 forecast,
 * then the raw gap that quantile.ts turns into p90 = p50 + softplus(gap).
 */
import type { Tensor2D, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../../learned/backend.js';
import { subSeed } from './rng.js';

export interface Net {
  /** In a fixed order: save/load and best-epoch snapshots rely on it. */
  readonly variables: Variable[];
  apply(x: Tensor2D): Tensor2D;
}

export interface NetShape {
  lookback: number;
  horizon: number;
  season: number;
  seed: number;
}

export interface Dense {
  w: Variable;
  b: Variable;
}

/** Builds dense layers with seeded Glorot-uniform weights and zero (or `bias`) biases. */
export class Params {
  readonly variables: Variable[] = [];
  private count = 0;

  constructor(
    private readonly tf: Tf,
    private readonly seed: number,
  ) {}

  dense(inputs: number, outputs: number, bias = 0): Dense {
    const { tf } = this;
    const seed = subSeed(this.seed, this.count++);
    const w = tf.tidy(() => tf.variable(tf.initializers.glorotUniform({ seed }).apply([inputs, outputs]) as Tensor2D));
    const b = tf.tidy(() => tf.variable(tf.fill([outputs], bias)));
    this.variables.push(w, b);
    return { w, b };
  }

  /** x · w + b, with an optional relu fused in. */
  apply(layer: Dense, x: Tensor2D, activation?: 'relu'): Tensor2D {
    return this.tf.fused.matMul({ a: x, b: layer.w as Tensor2D, bias: layer.b, ...(activation === undefined ? {} : { activation }) }) as Tensor2D;
  }

  weight(rows: number, cols: number): Variable {
    const { tf } = this;
    const seed = subSeed(this.seed, this.count++);
    const w = tf.tidy(() => tf.variable(tf.initializers.glorotUniform({ seed }).apply([rows, cols]) as Tensor2D));
    this.variables.push(w);
    return w;
  }

  bias(size: number, value: (i: number) => number): Variable {
    const { tf } = this;
    const b = tf.tidy(() => tf.variable(tf.tensor1d(Array.from({ length: size }, (_, i) => value(i)))));
    this.variables.push(b);
    return b;
  }
}
