/**
 * Writes the kubeconfig of one command or stream, as Botkube's
 * `GenerateKubeConfig` does: one cluster, context and user, all named after
 * the cluster, namespace `default`, the agent's server and credentials, and
 * the impersonated user and groups.
 */
import { stringify } from 'yaml';
import type { AgentCredentials } from './agent-credentials.js';
import type { Impersonation } from './impersonation.js';

/** The kubeconfig YAML for `impersonation` with the agent's `credentials`. */
export function kubeconfigYaml(clusterName: string, credentials: AgentCredentials, impersonation: Impersonation): string {
  const name = clusterName || 'default';
  const user: Record<string, unknown> = { ...credentials.user, as: impersonation.user };
  if (impersonation.groups.length > 0) user['as-groups'] = impersonation.groups;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: credentials.cluster }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    users: [{ name, user }],
  });
}
