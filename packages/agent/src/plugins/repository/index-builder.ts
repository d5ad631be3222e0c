/**
 * Builds a plugin index from a folder of plugin files, as Botkube's
 * `gen-plugin-index` does: files named `{type}_{name}_{os}_{arch}`, raw or
 * as `.tar.gz`/`.tgz`/`.zip`; each plugin's metadata read by starting the
 * file built for this machine; a SHA-256 per file; each JSON schema checked
 * against the draft-07 meta-schema. Everything wrong is reported at once.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonSchema, SourceMetadata } from '@chatkube/api';
import { stringify } from 'yaml';
import { PluginIndexBuildError } from '../../errors.js';
import type { Logger } from '../../logging.js';
import { silentLogger } from '../../logging.js';
import { GO_ARCH_NAME, GO_OS } from '../executable-name.js';
import { findExecutable, unpack } from './archive.js';
import { sha256Of } from './cache-record.js';
import type { ArchiveKind } from './getter-url.js';
import { parseIndex } from './index-parse.js';
import type { IndexEntry, IndexJsonSchema, IndexUrl, PluginType } from './index-types.js';
import { readPluginMetadata } from './plugin-metadata.js';
import type { Platform } from './resolve.js';
import { schemaProblem } from './schema-check.js';

export interface BuildIndexOptions {
  /** The folder of plugin files. */
  binariesDir: string;
  /** What file names are appended to: `https://example.com/releases/v1.0.0` gives `…/v1.0.0/{file}`. */
  urlBase: string;
  logger?: Logger;
  /** The platform whose file is started to read metadata; default this machine's. */
  platform?: Platform;
}

export interface BuiltIndex {
  entries: IndexEntry[];
  /** The index as Botkube writes it. */
  yaml: string;
  /** Files in the folder that are not plugin files, by name. */
  ignored: string[];
}

/** `executor_echo_linux_amd64.tar.gz`: exactly four `_`-separated parts, and an archive extension maybe. */
const PLUGIN_FILE = /^(executor|source)_([A-Za-z0-9.-]+)_([A-Za-z0-9]+)_([A-Za-z0-9]+)(\.tar\.gz|\.tgz|\.zip)?$/;

interface PluginFile {
  file: string;
  type: PluginType;
  name: string;
  platform: Platform;
  archive?: ArchiveKind;
}

/** Builds the index of `binariesDir`; throws {@link PluginIndexBuildError} listing every problem. */
export async function buildIndex(options: BuildIndexOptions): Promise<BuiltIndex> {
  const logger = options.logger ?? silentLogger;
  const host = options.platform ?? { os: GO_OS, architecture: GO_ARCH_NAME };
  const base = options.urlBase.replace(/\/+$/, '');
  const { plugins, ignored } = await scan(options.binariesDir);
  const entries: IndexEntry[] = [];
  const problems: string[] = [];
  for (const [key, files] of [...plugins].sort(([a], [b]) => a.localeCompare(b))) {
    try {
      entries.push(await buildEntry(files, { dir: options.binariesDir, base, host, logger }));
    } catch (error) {
      problems.push(`${key}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0)
    throw new PluginIndexBuildError(
      `cannot build the plugin index of ${options.binariesDir}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  const yaml = stringify({ entries }, { lineWidth: 0 });
  // What is written must read back whole.
  const check = parseIndex(yaml, `${base}/`);
  if (check.problems.length > 0)
    throw new PluginIndexBuildError(
      `the index built is not valid: ${check.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  return { entries, yaml, ignored };
}

/** The folder's plugin files by `{type}/{name}`; one file per platform, a raw executable before an archive. */
async function scan(dir: string): Promise<{ plugins: Map<string, PluginFile[]>; ignored: string[] }> {
  const plugins = new Map<string, PluginFile[]>();
  const ignored: string[] = [];
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (error) {
    throw new PluginIndexBuildError(
      `cannot read the folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  for (const file of names.sort()) {
    const match = PLUGIN_FILE.exec(file);
    if (!match) {
      ignored.push(file);
      continue;
    }
    const [, type, name, os, architecture, extension] = match as unknown as [string, PluginType, string, string, string, string?];
    const key = `${type}/${name}`;
    const files = plugins.get(key) ?? [];
    const same = files.find((f) => f.platform.os === os && f.platform.architecture === architecture);
    if (same && (!same.archive || extension)) {
      ignored.push(file);
      continue;
    }
    const entry: PluginFile = {
      file,
      type,
      name,
      platform: { os, architecture },
      ...(extension ? { archive: extension === '.zip' ? 'zip' : 'tar.gz' } : {}),
    };
    plugins.set(key, same ? files.map((f) => (f === same ? entry : f)) : [...files, entry]);
  }
  return { plugins, ignored };
}

interface EntryContext {
  dir: string;
  base: string;
  host: Platform;
  logger: Logger;
}

async function buildEntry(files: PluginFile[], context: EntryContext): Promise<IndexEntry> {
  const { host } = context;
  const own = files.find((f) => f.platform.os === host.os && f.platform.architecture === host.architecture);
  const first = files[0] as PluginFile;
  if (!own)
    throw new Error(
      `there is no file for ${host.os}/${host.architecture}, the platform this runs on, to read the plugin's metadata from (it has ${files.map((f) => f.file).join(', ')})`,
    );
  const metadata = await metadataOf(own, context);
  for (const [field, schema] of [
    ['jsonSchema', metadata.jsonSchema],
    ['externalRequest.payload.jsonSchema', metadata.externalRequest?.payload.jsonSchema],
  ] as const) {
    const problem = schema?.value === undefined ? undefined : schemaProblem(schema.value);
    if (problem) throw new Error(`its ${field} is not valid: ${problem}`);
  }
  const urls: IndexUrl[] = [];
  for (const file of files) {
    const platform = `${file.platform.os}/${file.platform.architecture}`;
    const dependencies = Object.entries(metadata.dependencies ?? {}).flatMap(([name, d]) => {
      const url = d.urls[platform];
      return url ? [[name, { url }] as const] : [];
    });
    urls.push({
      url: `${context.base}/${file.file}`,
      checksum: await sha256Of(join(context.dir, file.file)),
      platform: { ...file.platform },
      ...(dependencies.length > 0 ? { dependencies: Object.fromEntries(dependencies) } : {}),
    });
  }
  const payload = metadata.externalRequest?.payload.jsonSchema;
  return {
    name: first.name,
    type: first.type,
    description: metadata.description,
    ...(metadata.documentationURL ? { documentationUrl: metadata.documentationURL } : {}),
    version: metadata.version,
    urls,
    jsonSchema: indexSchema(metadata.jsonSchema),
    ...(payload ? { externalRequest: { payload: { jsonSchema: indexSchema(payload) } } } : {}),
    recommended: metadata.recommended ?? false,
  };
}

/** As Botkube writes it: the schema as JSON text. */
function indexSchema(schema: JsonSchema | undefined): IndexJsonSchema {
  const value = schema?.value;
  return {
    ...(value !== undefined ? { value: typeof value === 'string' ? value : JSON.stringify(value, null, 2) } : {}),
    ...(schema?.refURL ? { refURL: schema.refURL } : {}),
  };
}

/** The metadata of the plugin in `file`, started (unpacked first, if it is an archive). */
async function metadataOf(file: PluginFile, context: EntryContext): Promise<SourceMetadata> {
  const path = join(context.dir, file.file);
  if (!file.archive) return readPluginMetadata(file.type, path, context.logger);
  const scratch = await mkdtemp(join(tmpdir(), 'chatkube-index-'));
  try {
    await unpack(path, file.archive, scratch, { maxBytes: 1024 ** 3, name: file.name });
    return await readPluginMetadata(file.type, await findExecutable(scratch, path, { name: file.name }), context.logger);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
