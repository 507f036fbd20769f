/**
 * KubernetesScaler against a real kube-apiserver (on a real etcd): a Deployment created with the
 * raw client is scaled 1 → 5 through the scaler's `scale` subresource patch and read back as
 * 5 by the raw client; a missing deployment, a wrong token and a token RBAC forbids each fail
 * with a message that says which. No controllers run, so only `spec.replicas` is asserted.
 */
import { AppsV1Api, KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubernetesScaler } from '../../capacity/scalers/kubernetes.js';
import { kubeFor, startKube, type RunningKube } from '../support/kube.js';

const found = kubeFor('test/capacity/kubernetes-scaler');

const context = { planId: 'capacity-web-2026-12-05T10', modelVersion: 'test' };

function deployment(name: string, replicas: number): V1Deployment {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'registry.invalid/web:1' }] } },
    },
  };
}

/** A KubeConfig for the test server with the given bearer token. */
function withToken(kube: RunningKube, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'local', server: kube.server, caFile: kube.caFile, skipTLSVerify: false }],
    users: [{ name: 'someone', token }],
    contexts: [{ name: 'local', cluster: 'local', user: 'someone', namespace: 'default' }],
    currentContext: 'local',
  });
  return kc;
}

describe.runIf(found.apiserver !== undefined)('KubernetesScaler on a real kube-apiserver', () => {
  let kube: RunningKube;
  let apps: AppsV1Api;

  beforeAll(async () => {
    kube = await startKube();
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web', 1) });
  });
  afterAll(() => kube?.stop());

  it('scales the mapped Deployment 1 → 5 through the scale subresource', async () => {
    const scaler = new KubernetesScaler({ kubeconfig: kube.kubeconfigPath, deployments: { 'web-service': 'web' } });
    expect(scaler.kind).toBe('kubernetes');
    await expect(scaler.current('web-service')).resolves.toMatchObject({ replicas: 1, detail: { namespace: 'default', deployment: 'web' } });

    const result = await scaler.apply('web-service', 5, context);

    expect(result).toEqual({ from: 1, to: 5, changes: ['kubernetes deployment default/web: web-service 1 → 5 replicas'] });
    const stored = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    expect(stored.spec?.replicas).toBe(5);
    expect(stored.metadata?.managedFields?.some((f) => f.manager === 'swaybot' && f.subresource === 'scale')).toBe(true);
    await expect(scaler.current('web-service')).resolves.toMatchObject({ replicas: 5 });
  });

  it('changes nothing when the Deployment already runs that many', async () => {
    const scaler = new KubernetesScaler({ kubeconfig: kube.kubeconfigPath, deployments: { 'web-service': 'web' } });
    const before = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    const result = await scaler.apply('web-service', before.spec!.replicas!, context);
    expect(result).toEqual({ from: before.spec!.replicas, to: before.spec!.replicas, changes: [] });
    const after = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' });
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
  });

  it('says which deployment is missing, in which namespace', async () => {
    const scaler = new KubernetesScaler({ kubeconfig: kube.kubeconfigPath, namespace: 'default' });
    await expect(scaler.current('checkout')).rejects.toThrow(`deployment checkout not found in namespace default (Kubernetes API ${kube.server})`);
    await expect(scaler.apply('checkout', 3, context)).rejects.toMatchObject({ name: 'ScalerError', retryable: false, message: expect.stringMatching(/^deployment checkout not found in namespace default/) });
  });

  it('says the credentials are wrong on 401, and not allowed on 403', async () => {
    const wrong = new KubernetesScaler({ kubeconfig: withToken(kube, 'not-a-token'), deployments: { 'web-service': 'web' } });
    await expect(wrong.current('web-service')).rejects.toThrow(/rejected swaybot's credentials \(401 Unauthorized\)/);
    const nobody = new KubernetesScaler({ kubeconfig: withToken(kube, kube.unprivilegedToken), deployments: { 'web-service': 'web' } });
    await expect(nobody.current('web-service')).rejects.toThrow(/may not get deployments\/scale of web in namespace default \(403 Forbidden/);
  });
});
