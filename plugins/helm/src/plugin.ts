/**
 * The helm executor: runs a safe subset of helm against the cluster the
 * agent's kubeconfig names, as Botkube's helm plugin does, and streams the
 * progress of long operations.
 */
import type { ExecuteInput, ExecuteResult, ExecutorPlugin } from '@chatkube/api';
import { parseHelmCommand } from './command.js';
import { helmConfig, schema } from './config.js';
import { helpMessage, helpSections } from './help.js';
import { runHelm, streamHelm } from './run-helm.js';

export const version = '0.1.0';

export const helm: ExecutorPlugin = {
  metadata: {
    version,
    description: 'Runs helm: list, status, history, get, install, upgrade, rollback, uninstall, test, version.',
    jsonSchema: { value: schema },
  },

  help() {
    return helpSections();
  },

  execute(input: ExecuteInput, signal: AbortSignal): ExecuteResult {
    const config = helmConfig(input.configs);
    const request = parseHelmCommand(input.command, config);
    if (request.kind === 'help') return { message: helpMessage(config.defaultNamespace, request.subcommand) };
    const run = { args: request.args, config, kubeConfig: input.context.kubeConfig, signal };
    if (request.long) return streamHelm({ ...run, timeoutMs: config.streamTimeoutMs });
    return runHelm(run);
  },
};
