/**
 * Download URLs as Botkube's go-getter reads them: `https://…/tool.tar.gz//dir/tool`
 * names `dir/tool` inside the archive; the archive kind comes from the
 * file name's extension (or an `archive=` query parameter).
 */

export type ArchiveKind = 'tar.gz' | 'tar' | 'gz' | 'zip';

export interface GetterUrl {
  /** The URL to fetch, without the subpath. */
  url: string;
  /** A path inside the archive, if the URL named one. */
  subpath?: string;
  /** The archive kind, or undefined for a raw executable. */
  archive?: ArchiveKind;
}

const EXTENSIONS: [string, ArchiveKind][] = [
  ['.tar.gz', 'tar.gz'],
  ['.tgz', 'tar.gz'],
  ['.tar', 'tar'],
  ['.zip', 'zip'],
  ['.gz', 'gz'],
];
/** go-getter decompresses these too; chatkube says so rather than treating them as executables. */
const UNSUPPORTED = ['.tar.bz2', '.tbz2', '.bz2', '.tar.xz', '.txz', '.xz', '.tar.zst', '.tzst', '.zst'];

/**
 * Splits go-getter's subpath off `raw` (the first `//` after the scheme's
 * `://`), resolves the rest against `base` (the index's URL) and tells the
 * archive kind. Throws a `TypeError` naming what is wrong.
 */
export function parseGetterUrl(raw: string, base?: string): GetterUrl {
  const schemeEnd = raw.indexOf('://');
  const searchFrom = schemeEnd >= 0 ? schemeEnd + 3 : 0;
  const queryAt = raw.indexOf('?', searchFrom);
  const withoutQuery = queryAt >= 0 ? raw.slice(0, queryAt) : raw;
  const query = queryAt >= 0 ? raw.slice(queryAt) : '';
  const split = withoutQuery.indexOf('//', searchFrom);
  const location = split >= 0 ? withoutQuery.slice(0, split) : withoutQuery;
  const subpath = split >= 0 ? withoutQuery.slice(split + 2).replace(/\/+$/, '') : '';
  let url: URL;
  try {
    url = base === undefined ? new URL(location + query) : new URL(location + query, base);
  } catch {
    throw new TypeError(`not a URL: ${JSON.stringify(raw)}`);
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol))
    throw new TypeError(`unsupported URL scheme ${url.protocol} in ${JSON.stringify(raw)}: expected https, http or file`);
  const archive = archiveKind(url);
  // go-getter's own parameter, not the server's.
  url.searchParams.delete('archive');
  if (subpath && !archive)
    throw new TypeError(`${JSON.stringify(raw)} names a path inside the file, but the file is not an archive chatkube unpacks`);
  if (subpath.split('/').some((part) => part === '..'))
    throw new TypeError(`the path inside the archive in ${JSON.stringify(raw)} may not contain ..`);
  return { url: url.href, ...(subpath ? { subpath } : {}), ...(archive ? { archive } : {}) };
}

function archiveKind(url: URL): ArchiveKind | undefined {
  const forced = url.searchParams.get('archive');
  if (forced !== null) {
    const kind = EXTENSIONS.find(([extension]) => extension === `.${forced}`)?.[1];
    if (!kind) throw new TypeError(`unsupported archive=${forced} in ${url.href}: expected tar.gz, tgz, tar, gz or zip`);
    return kind;
  }
  const path = url.pathname.toLowerCase();
  const unsupported = UNSUPPORTED.find((extension) => path.endsWith(extension));
  if (unsupported) throw new TypeError(`${url.href}: ${unsupported} archives are not supported; use .tar.gz or .zip`);
  return EXTENSIONS.find(([extension]) => path.endsWith(extension))?.[1];
}
