/**
 * An N-BEATS-style network (Oreshkin et al. 2020), generic blocks: each block is `layers` fully
 * connected relu layers of `units`, then two linear heads, a backcast of the input and a
 * forecast. The next block sees the residual input − backcast; the forecasts of all blocks add up.
 */
import type { Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from '../../learned/backend.js';
import { Params, type Dense, type Net, type NetShape } from './net.js';

export interface NBeatsShape {
  blocks: number;
  layers: number;
  units: number;
}

export function nbeatsNet(tf: Tf, shape: NetShape, hyper: NBeatsShape): Net {
  const p = new Params(tf, shape.seed);
  const blocks: { hidden: Dense[]; backcast: Dense; forecast: Dense }[] = [];
  for (let b = 0; b < hyper.blocks; b++) {
    const hidden: Dense[] = [];
    for (let l = 0; l < hyper.layers; l++) hidden.push(p.dense(l === 0 ? shape.lookback : hyper.units, hyper.units));
    blocks.push({ hidden, backcast: p.dense(hyper.units, shape.lookback), forecast: p.dense(hyper.units, 2 * shape.horizon) });
  }
  return {
    variables: p.variables,
    apply(x: Tensor2D): Tensor2D {
      let residual = x;
      let forecast: Tensor2D | undefined;
      blocks.forEach((block, i) => {
        let h = residual;
        for (const layer of block.hidden) h = p.apply(layer, h, 'relu');
        const f = p.apply(block.forecast, h);
        forecast = forecast === undefined ? f : (tf.add(forecast, f) as Tensor2D);
        if (i < blocks.length - 1) residual = tf.sub(residual, p.apply(block.backcast, h)) as Tensor2D;
      });
      return forecast!;
    },
  };
}
