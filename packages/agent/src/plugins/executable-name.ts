/** Go's names for this machine's OS and CPU, as plugin file names and indexes use them. */
const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

export const GO_OS: string = process.platform;
export const GO_ARCH_NAME: string = GO_ARCH[process.arch] ?? process.arch;

/** `{kind}_{name}_{os}_{arch}`, the file name of a plugin built for this machine (`executor_echo_linux_amd64`). */
export function pluginExecutableName(kind: 'executor' | 'source', name: string): string {
  return `${kind}_${name}_${GO_OS}_${GO_ARCH_NAME}`;
}

/** Where in the bundled plugins' folder a plugin's worker module is: `worker/{kind}_{name}.mjs` (any OS, any CPU). */
export function pluginWorkerModuleName(kind: 'executor' | 'source', name: string): string {
  return `worker/${kind}_${name}.mjs`;
}
