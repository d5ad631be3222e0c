/**
 * Generates the kubeconfig a plugin gets with each call (`kubeConfig` of
 * ExecuteRequest and of Stream): none when the plugin entry has no RBAC
 * subject, else the agent's credentials impersonating the rule's user and
 * groups. A failure is the command's failure: running it without the
 * kubeconfig would run it with the plugin's own (the agent's) credentials.
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
   * actions and sources), or undefined when the rule maps no subject.
   *
   * @throws RbacNoChannelError, KubeCredentialsError
   */
  async generate(rule: RbacRule | undefined, channel?: string): Promise<Uint8Array | undefined> {
    const impersonation = impersonationFor(rule, channel);
    if (!impersonation) return undefined;
    const credentials = await readAgentCredentials(this.options);
    return new TextEncoder().encode(kubeconfigYaml(this.options.clusterName, credentials, impersonation));
  }
}
