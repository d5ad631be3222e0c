/** The host's platform in Go's words, as Botkube's dependency URLs and exec's download keys name it. */

const OS: Readonly<Record<string, string>> = { win32: 'windows' };
const ARCH: Readonly<Record<string, string>> = { x64: 'amd64', ia32: '386', ppc64: 'ppc64le', arm: 'arm' };

/** `"<os>/<arch>"`, for example `linux/amd64` or `darwin/arm64`. */
export function hostPlatform(platform: string = process.platform, arch: string = process.arch): string {
  return `${OS[platform] ?? platform}/${ARCH[arch] ?? arch}`;
}
