/** The scaler a service's settings name (Kubernetes or webhook; the hardware pool is applied by the workflow through the hardware actions). */
import { CapacitySettingsError } from '../errors.js';
import type { ScalerSettings } from '../settings.js';
import type { Scaler } from '../types.js';
import { KubernetesScaler } from './kubernetes.js';
import { WebhookScaler } from './webhook.js';

export { poolChanges, poolRunning, type PoolChange, type PoolPower } from './hardware-pool.js';
export { WebhookScaler, webhookSignature } from './webhook.js';

export function scalerFor(service: string, settings: Exclude<ScalerSettings, { kind: 'hardware-pool' }>, env: NodeJS.ProcessEnv): Scaler {
  if (settings.kind === 'webhook') {
    let secret: string | undefined;
    if (settings.secret) {
      secret = env[settings.secret.env];
      if (!secret) throw new CapacitySettingsError(`capacity.services.${service}.scaler.secret: environment variable ${settings.secret.env} is not set on the worker`);
    }
    return new WebhookScaler({ url: settings.url, ...(secret ? { secret } : {}) });
  }
  return new KubernetesScaler({
    ...(settings.kubeconfig ? { kubeconfig: settings.kubeconfig } : {}),
    namespace: settings.namespace,
    deployments: { [service]: settings.deployment ?? service },
  });
}
