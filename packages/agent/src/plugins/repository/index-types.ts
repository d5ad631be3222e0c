/**
 * A plugin index in Botkube's format (`pkg/plugin/index.go`), as YAML holds
 * it: a list of plugin versions, each with a download URL per platform.
 * A Botkube plugin index is a chatkube plugin index, and back.
 */

export type PluginType = 'executor' | 'source';

/** A JSON schema given inline (`value`: JSON text, or a mapping) or by reference. */
export interface IndexJsonSchema {
  value?: string | Record<string, unknown>;
  refURL?: string;
}

/** A binary a plugin needs beside it, downloaded into `<binary>_deps/<name>`. */
export interface IndexDependency {
  /** May use go-getter's subpath syntax: `https://…/tool.tar.gz//dir/tool`. */
  url: string;
  /** chatkube's addition (Botkube never checks dependencies): `[sha256:]<hex>`. */
  checksum?: string;
}

/** Where one platform's file of a plugin version is. */
export interface IndexUrl {
  /** A raw executable, or an archive (`.tar.gz`, `.tgz`, `.tar`, `.gz`, `.zip`) holding it. */
  url: string;
  /** `[algorithm:]<hex>` (md5, sha1, sha256, sha512; a bare hex is sha256 when 64 long). Empty: not checked. */
  checksum?: string;
  platform: { os: string; architecture: string };
  dependencies?: Record<string, IndexDependency>;
}

export interface IndexEntry {
  name: string;
  type: PluginType;
  description: string;
  documentationUrl?: string;
  /** SemVer, `v` prefix optional. */
  version: string;
  urls: IndexUrl[];
  jsonSchema?: IndexJsonSchema;
  externalRequest?: { payload: { jsonSchema?: IndexJsonSchema } };
  recommended: boolean;
}

/** One thing wrong with an index: where (`entries[3].urls[0].checksum`) and what. */
export interface IndexProblem {
  path: string;
  message: string;
  /** The entry it is about: its position in `entries`, and its name when it has one. */
  entry?: { index: number; name?: string };
}

/** An index as read: the usable entries, and what was wrong with the others. */
export interface PluginIndex {
  entries: IndexEntry[];
  problems: IndexProblem[];
  /** Where it came from, for messages and to resolve relative URLs. */
  source: string;
}
