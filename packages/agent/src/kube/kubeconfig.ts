/**
 * Writes the kubeconfig of one command or stream, as Botkube's
 * `GenerateKubeConfig` does: one cluster, context and user, all named after
 * the cluster, namespace `default`, the agent's server and credentials, and
 * the impersonated user and groups (none: the agent's own identity).
 */
import { stringify } from 'yaml';
import type { AgentCredentials } from './agent-credentials.js';
import type { Impersonation } from './impersonation.js';

/** The kubeconfig YAML for `impersonation` (or none) with the agent's `credentials`. */
export function kubeconfigYaml(
  clusterName: string,
  credentials: AgentCredentials,
  impersonation: Impersonation | undefined,
): string {
  const name = clusterName || 'default';
  const user: Record<string, unknown> = { ...credentials.user };
  if (impersonation) user.as = impersonation.user;
  if (impersonation?.groups.length) user['as-groups'] = impersonation.groups;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: credentials.cluster }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    users: [{ name, user }],
  });
}
