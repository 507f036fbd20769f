/**
 * The Kubernetes scaler: a service's replicas are its Deployment's, read and written through the
 * Deployment's `scale` subresource (what `kubectl scale` uses; HPA-style, no full object update).
 * `apply` sends a merge patch `{"spec":{"replicas":N}}` as field manager `swaybot`. Errors name
 * what failed: a missing deployment (404), refused credentials (401/403), an unreachable API
 * server; 409, 429, 5xx and network failures are retryable.
 */
import { ApiException, AppsV1Api, KubeConfig, PatchStrategy, setHeaderOptions, type V1Scale } from '@kubernetes/client-node';
import { ScalerError } from '../errors.js';
import type { ApplyContext, ApplyResult, CurrentCapacity, Scaler } from '../types.js';

export interface KubernetesScalerOptions {
  /** kubeconfig file, or a loaded `KubeConfig`; default: `$KUBECONFIG`, then `~/.kube/config`, then in-cluster. */
  kubeconfig?: string | KubeConfig;
  /** Namespace of the deployments (default `default`). */
  namespace?: string;
  /** Service → Deployment name; a service not listed is a Deployment of the same name. */
  deployments?: Record<string, string>;
}

/** Shown in the deployment's managedFields, so `kubectl` tells who scaled it. */
const FIELD_MANAGER = 'swaybot';

export class KubernetesScaler implements Scaler {
  readonly kind = 'kubernetes' as const;
  readonly #api: AppsV1Api;
  readonly #namespace: string;
  readonly #deployments: Readonly<Record<string, string>>;
  /** The API server's URL, for messages. */
  readonly #server: string;

  constructor(options: KubernetesScalerOptions = {}) {
    const kc = options.kubeconfig instanceof KubeConfig ? options.kubeconfig : loadKubeConfig(options.kubeconfig);
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new ScalerError(`kubeconfig ${describeSource(options.kubeconfig)} has no current cluster (set current-context)`, false);
    this.#server = cluster.server;
    this.#api = kc.makeApiClient(AppsV1Api);
    this.#namespace = options.namespace ?? 'default';
    this.#deployments = options.deployments ?? {};
  }

  /** The Deployment that runs `service`. */
  deploymentOf(service: string): string {
    return this.#deployments[service] ?? service;
  }

  async current(service: string): Promise<CurrentCapacity> {
    const name = this.deploymentOf(service);
    const scale = await this.#call('read', name, () => this.#api.readNamespacedDeploymentScale({ name, namespace: this.#namespace }));
    return { replicas: scale.spec?.replicas ?? 0, detail: { namespace: this.#namespace, deployment: name, observedReplicas: scale.status?.replicas ?? 0 } };
  }

  async apply(service: string, replicas: number, _context: ApplyContext): Promise<ApplyResult> {
    if (!Number.isInteger(replicas) || replicas < 0) throw new ScalerError(`kubernetes: replicas must be a whole number ≥ 0, not ${replicas}`, false);
    const name = this.deploymentOf(service);
    const where = `${this.#namespace}/${name}`;
    const before = await this.current(service);
    if (before.replicas === replicas) return { from: before.replicas, to: replicas, changes: [] };
    const after = await this.#call('scale', name, () =>
      this.#api.patchNamespacedDeploymentScale(
        { name, namespace: this.#namespace, body: { spec: { replicas } }, fieldManager: FIELD_MANAGER },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    const to = after.spec?.replicas ?? replicas;
    return { from: before.replicas, to, changes: [`kubernetes deployment ${where}: ${service} ${before.replicas} → ${to} replicas`] };
  }

  /** Runs one API call, turning its failure into a `ScalerError` that says what to fix. */
  async #call(verb: 'read' | 'scale', name: string, call: () => Promise<V1Scale>): Promise<V1Scale> {
    try {
      return await call();
    } catch (err) {
      throw this.#explain(err, verb, name);
    }
  }

  #explain(err: unknown, verb: 'read' | 'scale', name: string): ScalerError {
    const ns = this.#namespace;
    const api = `Kubernetes API ${this.#server}`;
    if (!(err instanceof ApiException)) {
      const why = err instanceof Error ? err.message : String(err);
      return new ScalerError(`${api} could not be reached to ${verb} deployment ${name} in namespace ${ns}: ${why}`, true, { cause: err });
    }
    const code = err.code;
    const message = statusMessage(err.body);
    const detail = message ? `: ${message}` : '';
    const details = { status: code, namespace: ns, deployment: name };
    if (code === 404) return new ScalerError(`deployment ${name} not found in namespace ${ns} (${api})`, false, { details });
    if (code === 401) {
      return new ScalerError(`${api} rejected swaybot's credentials (401 Unauthorized): the kubeconfig's token or client certificate is missing, wrong or expired${detail}`, false, { details });
    }
    if (code === 403) {
      const what = verb === 'read' ? 'get' : 'patch';
      return new ScalerError(`${api} refused: swaybot's credentials may not ${what} deployments/scale of ${name} in namespace ${ns} (403 Forbidden; grant it with RBAC)${detail}`, false, { details });
    }
    const retryable = code === 409 || code === 429 || code >= 500;
    return new ScalerError(`${api} answered ${code} to ${verb} deployment ${name} in namespace ${ns}${detail}`, retryable, { details });
  }
}

function loadKubeConfig(file: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (file === undefined) kc.loadFromDefault();
    else kc.loadFromFile(file);
  } catch (err) {
    throw new ScalerError(`Cannot load kubeconfig ${describeSource(file)}: ${err instanceof Error ? err.message : String(err)}`, false, { cause: err });
  }
  return kc;
}

function describeSource(file: string | KubeConfig | undefined): string {
  if (typeof file === 'string') return file;
  return file === undefined ? '(default: $KUBECONFIG or ~/.kube/config)' : '(given)';
}

/** The `message` of a Kubernetes `Status` body, which the client hands over parsed or as text. */
function statusMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() || undefined;
    }
  }
  const message = (value as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}
