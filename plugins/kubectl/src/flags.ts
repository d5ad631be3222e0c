/**
 * What the plugin knows of kubectl's flags: which it refuses (they change
 * who kubectl is or which cluster it talks to, read or write files on the
 * plugin's host, or log credentials), which take a value, and which are
 * switches. kubectl's flag parser (pflag) reads `--flag=v`, `--flag v`,
 * `-xv` and `-x v`, and clusters of short switches (`-Af`); the checks
 * follow it, so that no spelling gets past them.
 */

/** Long flags never accepted, with why. */
export const FORBIDDEN_LONG: ReadonlyMap<string, string> = new Map([
  ...[
    'kubeconfig',
    'token',
    'as',
    'as-group',
    'as-uid',
    'server',
    'context',
    'user',
    'cluster',
    'certificate-authority',
    'client-certificate',
    'client-key',
    'insecure-skip-tls-verify',
    'tls-server-name',
    'username',
    'password',
    'cache-dir',
    'kuberc',
  ].map((flag): [string, string] => [flag, 'it changes who kubectl is or which cluster it talks to']),
  ...[
    'filename',
    'kustomize',
    'output-directory',
    'profile',
    'profile-output',
    'from-file',
    'from-env-file',
    'cert',
    'key',
    'patch-file',
  ].map((flag): [string, string] => [flag, "it reads or writes files on the plugin's host"]),
  ...[
    'v',
    'vmodule',
    'log-dir',
    'log-file',
    'log-file-max-size',
    'log-flush-frequency',
    'log-backtrace-at',
    'logtostderr',
    'alsologtostderr',
    'stderrthreshold',
    'one-output',
    'add-dir-header',
    'skip-headers',
    'skip-log-headers',
  ].map((flag): [string, string] => [flag, "it changes kubectl's logging"]),
  ['raw', 'it reads any API path, around the checks of this plugin'],
]);

/** Long flags that take a value as the next word unless written `--flag=value`. */
export const VALUE_LONG: ReadonlySet<string> = new Set([
  'namespace',
  'output',
  'selector',
  'field-selector',
  'label-columns',
  'sort-by',
  'template',
  'container',
  'request-timeout',
  'chunk-size',
  'since',
  'since-time',
  'tail',
  'limit-bytes',
  'max-log-requests',
  'pod-running-timeout',
  'api-group',
  'api-version',
  'verbs',
  'categories',
  'subresource',
  'namespaces',
  'timeout',
  'grace-period',
  'type',
  'replicas',
  'current-replicas',
  'resource-version',
  'patch',
  'for',
]);

/** Long switches: `--flag` or `--flag=true|false`, never a value in the next word. */
export const SWITCH_LONG: ReadonlySet<string> = new Set([
  'all-namespaces',
  'watch',
  'watch-only',
  'follow',
  'previous',
  'timestamps',
  'show-labels',
  'no-headers',
  'ignore-not-found',
  'show-managed-fields',
  'output-watch-events',
  'server-print',
  'ignore-errors',
  'prefix',
  'all-containers',
  'insecure-skip-tls-verify-backend',
  'containers',
  'use-protocol-buffers',
  'namespaced',
  'cached',
  'show-events',
  'help',
  'stdin',
  'tty',
  'quiet',
  'sum',
  'show-capacity',
  'match-server-version',
  'warnings-as-errors',
  'disable-compression',
  'all',
  'wait',
  'force',
  'overwrite',
  'dry-run',
  'local',
  'show-kind',
  'recursive',
]);

/** Short flags never accepted (`-f` only where it is not `logs --follow`, `-k` kustomize). */
export const FORBIDDEN_SHORT: ReadonlyMap<string, string> = new Map([
  ['s', 'it changes which cluster kubectl talks to (--server)'],
  ['v', "it changes kubectl's logging"],
  ['k', "it reads files on the plugin's host (--kustomize)"],
  ['f', "it reads files on the plugin's host (--filename)"],
]);

/** Short flags that take the rest of their word, or the next word, as their value. */
export const VALUE_SHORT: ReadonlySet<string> = new Set(['n', 'o', 'l', 'c', 'L', 'p', 'e']);

/** Verbs where a short letter means a switch rather than what it means elsewhere. */
export const SHORT_SWITCH_BY_VERB: Readonly<Record<string, ReadonlySet<string>>> = {
  logs: new Set(['f', 'p']),
};
