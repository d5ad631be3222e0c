/**
 * kubectl and the kubeconfig the agent generated for one call (RBAC): the
 * file is written by @chatkube/plugin's writeTempKubeconfig (0600, in a
 * fresh private folder, removed after the call), and named to kubectl here.
 */

/** The private folders of the calls' kubeconfigs: `chatkube-kubectl-…` in the temp dir. */
export const KUBECONFIG_FOLDER = { prefix: 'chatkube-kubectl-' };

/** kubectl's environment: the call's kubeconfig when the agent sent one, else the plugin's own. */
export const kubeconfigEnv = (path: string | undefined): Record<string, string> => (path ? { KUBECONFIG: path } : {});
