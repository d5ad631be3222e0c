/** The exec executor's config: the tools it may run, and where downloaded tools are kept. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeConfigs } from '@chatkube/api';
import { ExecConfigError } from './errors.js';

/** A binary to fetch for one platform. */
export interface ToolDownload {
  url: string;
  /** SHA-256 of the file, in hex (a `sha256:` prefix is accepted). */
  checksum: string;
}

/** A CLI tool as declared in the config. */
export interface ToolConfig {
  name: string;
  /** A path, or a name looked up in the plugin's dependency folder then PATH; default `name`. */
  command?: string;
  /** Binaries by `"<os>/<arch>"` (Go's names: `linux/amd64`, `darwin/arm64`). */
  download?: Record<string, ToolDownload>;
  /** Patterns each argument must match in full; absent, any argument is allowed. */
  allowedArgs?: string[];
  description?: string;
}

export interface ExecConfig {
  tools: ToolConfig[];
  /** Where downloaded tools are kept; default a folder of this user's under the system's temp dir. */
  cacheDir?: string;
}

/** A declared tool, checked, its patterns compiled. */
export interface Tool extends ToolConfig {
  allowed?: RegExp[];
}

export interface CheckedConfig {
  tools: Map<string, Tool>;
  cacheDir: string;
}

/** Words of the exec command itself, which no tool may be named. */
export const RESERVED_NAMES = ['list', 'run', 'help'];
const TOOL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CHECKSUM = /^(?:sha256:)?([0-9a-fA-F]{64})$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9]+$/;

const defaults: ExecConfig = { tools: [] };

/** The default cache folder: one per user, so that its owner can be checked. */
export const defaultCacheDir = (): string => join(tmpdir(), `chatkube-exec-${process.getuid?.() ?? 'user'}`);

export const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'exec',
  description: 'Configuration of the exec executor: the only CLI tools it runs.',
  type: 'object',
  properties: {
    tools: {
      type: 'array',
      default: [],
      description: 'The tools that may run, as `exec <name> <args…>`. Nothing else runs.',
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: TOOL_NAME.source, description: 'What users type after exec.' },
          command: {
            type: 'string',
            description: "A path, or a name looked up in the plugin's dependency folder then PATH; default the name.",
          },
          download: {
            type: 'object',
            description: 'A plain binary to download per platform ("linux/amd64": {url, checksum}), verified by SHA-256.',
            additionalProperties: {
              type: 'object',
              required: ['url', 'checksum'],
              additionalProperties: false,
              properties: {
                url: { type: 'string', description: 'http(s) URL of the binary itself (not an archive).' },
                checksum: { type: 'string', pattern: CHECKSUM.source, description: 'SHA-256 of the file, in hex.' },
              },
            },
          },
          allowedArgs: {
            type: 'array',
            items: { type: 'string' },
            description: 'Regular expressions; each argument must match one in full. Absent: any argument.',
          },
          description: { type: 'string', description: 'Shown by exec list.' },
        },
      },
    },
    cacheDir: {
      type: 'string',
      description: 'Where downloaded tools are kept; default <tmp>/chatkube-exec-<uid>, private to the user.',
    },
  },
  additionalProperties: false,
};

function compile(tool: string, patterns: unknown): RegExp[] {
  if (!Array.isArray(patterns)) throw new ExecConfigError(`exec config: tool ${tool}: allowedArgs must be a list of patterns`);
  return patterns.map((pattern, i) => {
    if (typeof pattern !== 'string') {
      throw new ExecConfigError(`exec config: tool ${tool}: allowedArgs[${i}] must be a string, got ${JSON.stringify(pattern)}`);
    }
    try {
      return new RegExp(`^(?:${pattern})$`, 'u');
    } catch (error) {
      throw new ExecConfigError(
        `exec config: tool ${tool}: allowedArgs[${i}] ${JSON.stringify(pattern)} is not a regular expression: ${(error as Error).message}`,
      );
    }
  });
}

function checkDownload(tool: string, download: unknown): Record<string, ToolDownload> {
  if (typeof download !== 'object' || download === null || Array.isArray(download)) {
    throw new ExecConfigError(`exec config: tool ${tool}: download must map "<os>/<arch>" to {url, checksum}`);
  }
  const checked: Record<string, ToolDownload> = {};
  for (const [platform, entry] of Object.entries(download)) {
    const where = `exec config: tool ${tool}: download["${platform}"]`;
    if (!PLATFORM.test(platform)) throw new ExecConfigError(`${where}: the key must be "<os>/<arch>", such as linux/amd64`);
    const { url, checksum } = (entry ?? {}) as Partial<ToolDownload>;
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
      throw new ExecConfigError(`${where}: url must be an http(s) URL, got ${JSON.stringify(url)}`);
    }
    const hex = typeof checksum === 'string' ? CHECKSUM.exec(checksum)?.[1] : undefined;
    if (!hex)
      throw new ExecConfigError(`${where}: checksum must be a SHA-256 in hex (64 characters), got ${JSON.stringify(checksum)}`);
    checked[platform] = { url, checksum: hex.toLowerCase() };
  }
  return checked;
}

/** The configs merged (later `tools` lists replace earlier ones) and checked. */
export function execConfig(configs: readonly unknown[]): CheckedConfig {
  const merged = mergeConfigs(defaults, configs);
  if (!Array.isArray(merged.tools)) throw new ExecConfigError('exec config: tools must be a list');
  const tools = new Map<string, Tool>();
  merged.tools.forEach((declared: unknown, i) => {
    const tool = (declared ?? {}) as Partial<ToolConfig>;
    const { name } = tool;
    if (typeof name !== 'string' || !TOOL_NAME.test(name)) {
      throw new ExecConfigError(
        `exec config: tools[${i}].name must be letters, digits, ., _ or - (starting with a letter or digit), got ${JSON.stringify(name)}`,
      );
    }
    if (RESERVED_NAMES.includes(name))
      throw new ExecConfigError(`exec config: tools[${i}]: ${name} is a word of exec itself; name the tool otherwise`);
    if (tools.has(name)) throw new ExecConfigError(`exec config: tools[${i}]: the tool ${name} is declared twice`);
    if (tool.command !== undefined && (typeof tool.command !== 'string' || tool.command === '')) {
      throw new ExecConfigError(`exec config: tool ${name}: command must be a path or a program name`);
    }
    // A relative path would depend on the agent's working folder.
    if (tool.command?.includes('/') && !tool.command.startsWith('/')) {
      throw new ExecConfigError(
        `exec config: tool ${name}: command ${JSON.stringify(tool.command)} must be an absolute path or a program name`,
      );
    }
    const checked: Tool = { name };
    if (tool.command !== undefined) checked.command = tool.command;
    if (tool.description !== undefined) checked.description = String(tool.description);
    if (tool.download !== undefined) checked.download = checkDownload(name, tool.download);
    if (tool.allowedArgs !== undefined) {
      checked.allowedArgs = tool.allowedArgs;
      checked.allowed = compile(name, tool.allowedArgs);
    }
    tools.set(name, checked);
  });
  const cacheDir = merged.cacheDir ?? defaultCacheDir();
  if (typeof cacheDir !== 'string' || cacheDir === '') throw new ExecConfigError('exec config: cacheDir must be a folder path');
  return { tools, cacheDir };
}
