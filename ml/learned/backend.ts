/**
 * Which TensorFlow.js backend trains the learned detectors. `loadTf` tries, in order, the
 * preferred backend and then `BACKEND_ORDER`: `tensorflow` (@tensorflow/tfjs-node, the native
 * TensorFlow C library that scripts/bootstrap builds the binding for), `wasm`
 * (@tensorflow/tfjs-backend-wasm, its .wasm files read from the installed package, nothing
 * downloaded) and `cpu` (plain JS, always there). It logs which one ran and returns it with the
 * versions, so that every model can record which backend trained it.
 *
 * The default order is chosen by `npm run bench:ml-backends` for the model family of
 * `detector.ts` (a small MLP forecaster trained with full-batch Adam on ≤ 1,200 windows):
 * see `DEFAULT_BACKEND_REASON` and bench/RESULTS.md#benchml-backends.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import type * as TfWasmModule from '@tensorflow/tfjs-backend-wasm';

export type Tf = typeof TfModule;
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface LoadedTf {
  tf: Tf;
  backend: BackendName;
  /** TF.js version, plus the native TensorFlow version on `tensorflow` (e.g. `tfjs 4.22.0, TensorFlow 2.21.0`). */
  version: string;
}

/**
 * The backend tried first when none is asked for. `bench:ml-backends` (bench/RESULTS.md, 2-core
 * machine, 5 interleaved rounds, median): for this model family (matrices of ≤ 1,200 × 17, per-op
 * overhead dominates) wasm and tensorflow train about equally fast (first fit 185 vs 201 ms, refit
 * 33 vs 34 ms, whole detector 60 vs 65 µs/point), cpu 3–7× slower; wasm wins the tie on memory
 * (176 vs 464 MB peak RSS) and needs no native build, so it is the default and tfjs-node the
 * first fallback. Re-run the bench when the model family grows: larger batched models may favour
 * tensorflow.
 */
export const DEFAULT_BACKEND: BackendName = 'wasm';
export const DEFAULT_BACKEND_REASON =
  'bench:ml-backends (MLP forecaster, 2 cores): wasm ≈ tensorflow on fit time (185 vs 201 ms first fit, 60 vs 65 µs/point), 2.6× less memory, no native build; cpu 3–7× slower';
/** Tried after the preferred backend, in this order. */
export const BACKEND_ORDER: readonly BackendName[] = [DEFAULT_BACKEND, 'tensorflow', 'cpu'];

const require = createRequire(import.meta.url);
let loaded: LoadedTf | undefined;
let pending: Promise<LoadedTf> | undefined;

/** The backend `loadTf` settled on in this process, if it ran. */
export function currentTf(): LoadedTf | undefined {
  return loaded;
}

/** Environment override: `SWAYBOT_TF_BACKEND=tensorflow|wasm|cpu`. */
function fromEnv(): BackendName | undefined {
  const v = process.env.SWAYBOT_TF_BACKEND;
  return v === 'tensorflow' || v === 'wasm' || v === 'cpu' ? v : undefined;
}

async function tryBackend(name: BackendName): Promise<LoadedTf> {
  if (name === 'tensorflow') {
    // TF 2.21's oneDNN kernels are slower for small models (../shared/docs/ml.md) and print a banner.
    process.env.TF_ENABLE_ONEDNN_OPTS ??= '0';
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    const node = require('@tensorflow/tfjs-node') as Tf;
    const tf = require('@tensorflow/tfjs') as Tf;
    if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node loaded but the tensorflow backend did not initialise');
    const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
    void node;
    return { tf, backend: 'tensorflow', version: `tfjs ${tf.version_core}, TensorFlow ${binding?.TF_Version ?? '?'}` };
  }
  const tf = require('@tensorflow/tfjs') as Tf;
  if (name === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof TfWasmModule;
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
    wasm.setWasmPaths(dist);
  }
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend did not initialise`);
  return { tf, backend: name, version: `tfjs ${tf.version_core}` };
}

/**
 * Loads TensorFlow.js on the first backend that works: `preferred` (or `SWAYBOT_TF_BACKEND`), then
 * `BACKEND_ORDER`. Logs which one ran (one line on stderr; `quiet` silences it). Later calls in the
 * same process return the same backend unless another is preferred.
 */
export async function loadTf(preferred?: BackendName, options: { quiet?: boolean } = {}): Promise<LoadedTf> {
  const want = preferred ?? fromEnv();
  if (loaded !== undefined && (want === undefined || want === loaded.backend)) return loaded;
  if (pending !== undefined && want === undefined) return pending;
  const order = [...new Set<BackendName>([...(want === undefined ? [] : [want]), ...BACKEND_ORDER])];
  const run = (async () => {
    const failures: string[] = [];
    for (const name of order) {
      try {
        const result = await tryBackend(name);
        result.tf.enableProdMode();
        loaded = result;
        if (options.quiet !== true) {
          const skipped = failures.length > 0 ? ` (not: ${failures.join('; ')})` : '';
          console.error(`ml/learned: TensorFlow.js backend ${result.backend} (${result.version})${skipped}`);
        }
        return result;
      } catch (error) {
        failures.push(`${name}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
      }
    }
    throw new Error(`no TensorFlow.js backend loads: ${failures.join('; ')}`);
  })();
  pending = run;
  try {
    return await run;
  } finally {
    pending = undefined;
  }
}
