/**
 * Generates the kubeconfig a plugin gets with each call (`kubeConfig` of
 * ExecuteRequest and of Stream): the agent's credentials impersonating the
 * rule's user and groups. An entry with no RBAC subject gets none, unless
 * its plugin is impersonated (another entry of its key has RBAC): that
 * plugin has no credentials of its own, so it gets the agent's identity for
 * the call. A failure is the command's failure.
 */
import type { RbacRule } from '../config/types.js';
import { type CredentialsOptions, readAgentCredentials } from './agent-credentials.js';
import { impersonationFor } from './impersonation.js';
import { kubeconfigYaml } from './kubeconfig.js';

export interface GeneratorOptions extends CredentialsOptions {
  clusterName: string;
}

export class KubeconfigGenerator {
  constructor(private readonly options: GeneratorOptions) {}

  /**
   * The kubeconfig for a call under `rule` in channel `channel` (absent for
   * actions and sources) of a plugin that is `impersonated` or not; undefined
   * when the rule maps no subject and the plugin has the agent's credentials.
   *
   * @throws RbacNoChannelError, KubeCredentialsError
   */
  async generate(rule: RbacRule | undefined, channel?: string, impersonated = false): Promise<Uint8Array | undefined> {
    const impersonation = impersonationFor(rule, channel);
    if (!impersonation && !impersonated) return undefined;
    const credentials = await readAgentCredentials(this.options);
    return new TextEncoder().encode(kubeconfigYaml(this.options.clusterName, credentials, impersonation));
  }
}
