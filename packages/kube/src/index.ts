/**
 * @chatkube/kube: a lean Kubernetes client configuration. Loads kubeconfigs
 * (text, KUBECONFIG files merged as kubectl merges them, ~/.kube/config, the
 * pod's service account) and turns a context into node:https request options
 * and headers: TLS, bearer tokens and token files, client certificates, basic
 * auth, exec credential plugins, impersonation.
 */
export { type CredentialsOptions, createKubeCredentials, type KubeCredentials, type KubeRequestOptions } from './credentials.js';
export {
  describePlace,
  KubeconfigError,
  type KubeconfigPlace,
  KubeconfigUnsupportedError,
  KubeError,
  KubeExecCredentialError,
  KubeInClusterError,
} from './errors.js';
export { type ExecClusterInfo, type ExecCredential, ExecCredentialPlugin, type ExecPluginOptions } from './exec-credential.js';
export { type InClusterOptions, isInCluster, loadInClusterConfig, SERVICE_ACCOUNT_DIR } from './in-cluster.js';
export {
  type KubeconfigDocument,
  type MergedKubeconfig,
  mergeKubeconfigs,
  parseKubeconfig,
  selectContext,
} from './kubeconfig-merge.js';
export {
  type DefaultOptions,
  type FilesOptions,
  kubeconfigFilesOf,
  loadKubeconfig,
  loadKubeconfigFromFiles,
  loadKubeconfigFromText,
  type TextOptions,
} from './load.js';
export type { KubeFields, LoadedKubeconfig, SelectOptions } from './types.js';
