/**
 * The exec executor: runs only the CLI tools its config declares, with
 * arguments their patterns allow, downloading verified binaries on first use.
 */
import type { ExecuteInput, ExecuteOutput, ExecutorPlugin } from '@chatkube/api';
import { codeBlock, plaintext } from '@chatkube/api';
import { lookupBinary, runCommand, withTempKubeconfig } from '@chatkube/plugin';
import { parseExecCommand } from './command.js';
import { type CheckedConfig, execConfig, schema, type Tool } from './config.js';
import { ExecConfigError, ToolFailedError } from './errors.js';
import { helpMessage, helpSections, listMessage } from './help.js';
import { hostPlatform } from './platform.js';
import { ToolCache } from './tool-cache.js';

export const version = '0.1.0';

/** The tool's environment: PATH, HOME and the kubeconfig, nothing else of the plugin's. */
function toolEnvironment(kubeconfigPath: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  if (process.env.PATH) env.PATH = process.env.PATH;
  if (process.env.HOME) env.HOME = process.env.HOME;
  const kubeconfig = kubeconfigPath ?? process.env.KUBECONFIG;
  if (kubeconfig) env.KUBECONFIG = kubeconfig;
  return env;
}

async function binaryOf(tool: Tool, config: CheckedConfig, cache: ToolCache, signal: AbortSignal): Promise<string> {
  const platform = hostPlatform();
  const download = tool.download?.[platform];
  if (download) return cache.binary({ tool: tool.name, ...download, cacheDir: config.cacheDir, signal });
  if (tool.download && !tool.command) {
    throw new ExecConfigError(
      `the tool ${tool.name} has no download for ${platform} (it has ${Object.keys(tool.download).join(', ') || 'none'}): add one, or set its command`,
    );
  }
  return lookupBinary(tool.command ?? tool.name);
}

async function run(
  tool: Tool,
  args: string[],
  input: ExecuteInput,
  config: CheckedConfig,
  cache: ToolCache,
  signal: AbortSignal,
) {
  const binary = await binaryOf(tool, config, cache, signal);
  const result = await withTempKubeconfig(input.context.kubeConfig, (path) =>
    runCommand([binary, ...args], { inheritEnv: false, env: toolEnvironment(path), signal }),
  );
  signal.throwIfAborted();
  if (result.exitCode !== 0) {
    const how = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.exitCode}`;
    throw new ToolFailedError(
      result.stderr.trim() || result.stdout.trim() || `${tool.name} ${how} and wrote nothing`,
      result.exitCode,
    );
  }
  const output = result.stdout || result.stderr;
  if (output.trim() === '') return { message: plaintext(`${tool.name} finished and wrote nothing.`) };
  return { message: codeBlock(result.truncated ? `${output}\n… (output cut: too long)` : output, { filter: true }) };
}

/** The exec executor: always one answer, never a stream. */
export interface ExecExecutor extends ExecutorPlugin {
  execute(input: ExecuteInput, signal: AbortSignal): Promise<ExecuteOutput>;
}

/** An exec executor with its own download cache (one per process in the served plugin). */
export function createExec(): ExecExecutor {
  const cache = new ToolCache();
  return {
    metadata: {
      version,
      description: 'Runs the CLI tools declared in its config, downloading verified binaries on first use.',
      jsonSchema: { value: schema },
    },

    help() {
      return helpSections();
    },

    async execute(input: ExecuteInput, signal: AbortSignal): Promise<ExecuteOutput> {
      const config = execConfig(input.configs);
      const request = parseExecCommand(input.command, config.tools);
      if (request.kind === 'help') return { message: helpMessage() };
      if (request.kind === 'list') return { message: listMessage(config.tools, hostPlatform()) };
      return run(request.tool, request.args, input, config, cache, signal);
    },
  };
}

export const exec: ExecExecutor = createExec();
