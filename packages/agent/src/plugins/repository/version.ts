/** Plugin versions as Botkube compares them (hashicorp/go-version): SemVer, `v` prefix optional, `1.2` allowed. */
import semver from 'semver';

/** What go-version accepts, roughly: one to three numbers, then an optional pre-release and build. */
const SHORT_VERSION = /^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** The version `text` stands for, or undefined when it is not one. */
export function parseVersion(text: string): semver.SemVer | undefined {
  const strict = semver.parse(text, { loose: true });
  if (strict) return strict;
  return SHORT_VERSION.test(text) ? (semver.coerce(text, { includePrerelease: true }) ?? undefined) : undefined;
}

/** The same version written two ways (`v1.2.0`, `1.2.0`) is equal. */
export function sameVersion(a: string, b: string): boolean {
  const left = parseVersion(a);
  const right = parseVersion(b);
  return left !== undefined && right !== undefined && semver.eq(left, right);
}

/** Newest first; versions that do not parse last, as written. */
export function newestFirst(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (left && right) return semver.rcompare(left, right);
  if (left || right) return left ? -1 : 1;
  return a.localeCompare(b);
}
