/**
 * The kubectl executor: runs the kubectl commands typed in chat, read-only
 * verbs by default, as a process with an argv (never a shell), with the
 * kubeconfig the agent generated for the call (RBAC), refusing what would
 * change kubectl's identity or target, and never showing Secret values.
 */
import {
  ChatkubeError,
  codeBlock,
  commandButton,
  type ExecuteInput,
  type ExecuteOutput,
  type ExecuteResult,
  type ExecutorPlugin,
  plaintext,
} from '@chatkube/api';
import { CommandNotFoundError, lookupBinary, runCommand, splitCommandWords, withTempKubeconfig } from '@chatkube/plugin';
import { builderMessage, parseBuilder } from './builder.js';
import { type KubectlCommand, readCommand } from './command.js';
import { CONFIG_SCHEMA, type KubectlConfig, loadConfig, parseDuration } from './config.js';
import { KubectlMissingError, KubectlRefusedError } from './errors.js';
import { KUBECONFIG_FOLDER, kubeconfigEnv } from './kubeconfig-env.js';
import { stripAnsi } from './output.js';
import { looksLikeSecret, redactDescribe, redactJsonAsYaml, redactStructured } from './secrets.js';
import { streamKubectl } from './stream.js';

export const version = '0.1.0';

/** Where to get kubectl, for the answer when it is missing. */
const INSTALL_HINT =
  'Install kubectl (https://kubernetes.io/docs/tasks/tools/) on the PATH of the chatkube agent, or give the plugin the kubectl dependency of its index (PLUGIN_DEPENDENCY_DIR).';

function findKubectl(): string {
  try {
    return lookupBinary('kubectl');
  } catch (error) {
    if (!(error instanceof CommandNotFoundError)) throw error;
    throw new KubectlMissingError(`kubectl is not installed where the plugin looks: ${error.message}. ${INSTALL_HINT}`, {
      cause: error,
    });
  }
}

/** `yaml-via-json`: `-o yaml` of a command that may show Secrets, run as `-o json` and written back as YAML. */
type OutputKind = 'plain' | 'json' | 'yaml' | 'yaml-via-json' | 'selecting';

/** The arguments with `-o json` last among the flags (before `--`), so that it wins over the `-o` given. */
function withJsonOutput(args: readonly string[]): string[] {
  const end = args.indexOf('--');
  const at = end < 0 ? args.length : end;
  return [...args.slice(0, at), '-o', 'json', ...args.slice(at)];
}

/** How kubectl will print: a table, a structured document (redactable), or fields a template selects. */
function outputKind(command: KubectlCommand): OutputKind {
  const format = command.output.split('=')[0]?.toLowerCase() ?? '';
  if (format === 'json' || format === 'yaml') return format;
  if (command.template || /^(jsonpath|go-template|template|templatefile|custom-columns)/.test(format)) return 'selecting';
  return 'plain';
}

/**
 * The outputs a command that may name Secrets can have: a table or names show
 * no value, and JSON and YAML are redacted. Any other (templates, `kyaml` of
 * kubectl 1.34, formats yet to come) could print values unredacted.
 */
const SECRET_SAFE_OUTPUTS = new Set(['', 'wide', 'name', 'json', 'yaml']);

/** The fields Secrets may be sorted by (`--sort-by`): by any other, the order of the rows tells values apart. */
const SECRET_SORT_FIELDS = /^\{?\.(metadata\.(name|namespace|creationTimestamp|resourceVersion|uid|generation)|type)\}?$/;

/**
 * kubectl's stdout made safe to show: Secret values redacted, or the whole
 * output withheld. Output cut at the size limit is withheld when it may hold
 * Secrets: cut YAML still parses, and a Secret cut before its `kind` line
 * (kubectl sorts keys: `data` comes first) would not be found.
 */
function safeStdout(command: KubectlCommand, kind: OutputKind, stdout: string, truncated: boolean): string {
  const text = stripAnsi(stdout);
  if (kind === 'yaml-via-json') {
    const redacted = truncated ? undefined : redactJsonAsYaml(text);
    if (redacted !== undefined) return redacted;
    return truncated
      ? "(kubectl's yaml output was longer than the plugin keeps, and cut output cannot be checked for Secret values, so it is not shown: ask for fewer objects)\n"
      : "(kubectl's yaml output could not be read to redact Secret values, so it is not shown)\n";
  }
  if (kind === 'json' || kind === 'yaml') {
    const maySecret = command.mentionsSecrets || looksLikeSecret(text);
    // Parsing costs many times the text's size (a YAML syntax tree): output that holds no Secret is shown as printed.
    if (!maySecret) return text;
    if (truncated) {
      return `(kubectl's ${kind} output was longer than the plugin keeps, and cut output cannot be checked for Secret values, so it is not shown: ask for fewer objects)\n`;
    }
    const redacted = redactStructured(text, kind);
    if (redacted !== undefined) return redacted;
    return `(kubectl's ${kind} output could not be read to redact Secret values, so it is not shown)\n`;
  }
  if (command.mentionsSecrets && command.verb === 'describe') return redactDescribe(text);
  return text;
}

async function runOnce(command: KubectlCommand, kind: OutputKind, input: ExecuteInput, signal: AbortSignal) {
  const kubectl = findKubectl();
  const result = await withTempKubeconfig(
    input.context.kubeConfig,
    (path) => runCommand([kubectl, ...command.args], { env: kubeconfigEnv(path), signal }),
    KUBECONFIG_FOLDER,
  );
  const stdout = safeStdout(command, kind, result.stdout, result.truncated);
  const stderr = stripAnsi(result.stderr);
  let text = [stdout.trimEnd(), stderr.trimEnd()].filter((part) => part !== '').join('\n');
  if (result.truncated) text += '\n(output cut: kubectl printed more than the plugin keeps)';
  if (text === '') text = result.exitCode === 0 ? 'kubectl printed nothing.' : `kubectl failed (exit code ${result.exitCode}).`;
  return { message: codeBlock(text, { filter: true }) };
}

/** Lists names for the builder with kubectl; nothing when that fails (the builder then offers no names). */
function lister(config: KubectlConfig, input: ExecuteInput, signal: AbortSignal) {
  return async (args: string[]): Promise<string[]> => {
    try {
      const kubectl = findKubectl();
      const command = readCommand(args, { ...config, allowed: { verbs: ['get'], resources: config.allowed.resources } });
      const result = await withTempKubeconfig(
        input.context.kubeConfig,
        (path) => runCommand([kubectl, ...command.args], { env: kubeconfigEnv(path), signal, timeoutMs: 15_000 }),
        KUBECONFIG_FOLDER,
      );
      if (result.exitCode !== 0) return [];
      return result.stdout
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
    } catch {
      return [];
    }
  };
}

const PLEASE_SPECIFY =
  'Please specify the kubectl command, for example `kubectl get pods` or `kubectl logs <pod> -n <namespace>`. `kubectl help` lists what is allowed.';

function execute(input: ExecuteInput, signal: AbortSignal): ExecuteResult {
  const config = loadConfig(input.configs);
  const words = splitCommandWords(input.command);
  if (words[0] === 'kubectl') words.shift();
  if (words.length === 0 || words[0] === '@builder') {
    if (!input.context.isInteractivitySupported) return { message: plaintext(PLEASE_SPECIFY) };
    return builderMessage(parseBuilder(words.slice(1)), config, lister(config, input, signal)).then((message) => ({
      message,
    }));
  }
  const command = readCommand(words, config);
  if (/-file$|^templatefile$/.test(command.output.split('=')[0]?.toLowerCase() ?? '')) {
    throw new KubectlRefusedError(`The output ${command.output} is not allowed: it reads a file on the plugin's host.`);
  }
  const kind = outputKind(command);
  if (kind === 'selecting' && command.mentionsSecrets) {
    throw new KubectlRefusedError(
      `The output ${command.output || '--template'} is not allowed for Secrets: it could print their values. Use -o yaml or -o json (values redacted), or describe.`,
    );
  }
  const format = command.output.split('=')[0] ?? '';
  if (command.mentionsSecrets && !SECRET_SAFE_OUTPUTS.has(format)) {
    throw new KubectlRefusedError(
      `The output ${command.output} is not allowed for Secrets: it could print their values. Use -o yaml or -o json (values redacted), -o wide, -o name, or describe.`,
    );
  }
  if (command.mentionsSecrets && command.sortBy !== '' && !SECRET_SORT_FIELDS.test(command.sortBy)) {
    throw new KubectlRefusedError(
      `Sorting by ${command.sortBy} is not allowed for Secrets: the order would tell their values apart. Sort by .metadata.name, .metadata.creationTimestamp or .type.`,
    );
  }
  if (command.streams) {
    if (command.mentionsSecrets && kind !== 'plain') {
      throw new KubectlRefusedError('Watching Secrets is allowed only as a table (no -o json, yaml or templates).');
    }
    const timeoutMs = parseDuration(config.streamTimeout);
    return streamKubectl({
      argv: [findKubectl(), ...command.args],
      kubeConfig: input.context.kubeConfig,
      timeoutMs,
      timeoutText: config.streamTimeout,
      signal,
    });
  }
  if (kind === 'yaml' && command.mentionsSecrets) {
    return runOnce({ ...command, args: withJsonOutput(command.args) }, 'yaml-via-json', input, signal);
  }
  return runOnce(command, kind, input, signal);
}

/** Plugin errors of ours are answers: the user reads what is wrong, not a failure. */
async function* answerErrors(outputs: AsyncIterable<ExecuteOutput>): AsyncIterable<ExecuteOutput> {
  try {
    yield* outputs;
  } catch (error) {
    if (error instanceof ChatkubeError) yield { message: plaintext(error.message) };
    else throw error;
  }
}

export const kubectl: ExecutorPlugin = {
  metadata: {
    version,
    description: 'Runs kubectl commands: read-only verbs by default, with the RBAC of the channel.',
    jsonSchema: { value: CONFIG_SCHEMA },
    documentationURL: 'https://kubernetes.io/docs/reference/kubectl/',
    recommended: true,
  },

  help() {
    return {
      sections: [
        {
          header: 'kubectl',
          description:
            'Runs kubectl in the cluster: `kubectl get pods -n <namespace>`, `kubectl describe deploy <name>`, `kubectl logs <pod> -f` (streams). ' +
            'Flags that change who kubectl is or where it connects (--kubeconfig, --token, --as, --server, --context, …) are refused, and Secret values are never shown.',
          buttons: [
            commandButton('Build a command', 'kubectl', { description: 'Choose verb, resource and namespace from lists' }),
            commandButton('Pods', 'kubectl get pods', { description: true }),
            commandButton('Deployments, all namespaces', 'kubectl get deployments -A', { description: true }),
            commandButton('Resource types', 'kubectl api-resources', { description: true }),
          ],
        },
      ],
    };
  },

  execute(input, signal) {
    try {
      const result = execute(input, signal);
      if (Symbol.asyncIterator in result) return answerErrors(result);
      return Promise.resolve(result).catch((error: unknown) => {
        if (error instanceof ChatkubeError) return { message: plaintext(error.message) };
        throw error;
      });
    } catch (error) {
      if (error instanceof ChatkubeError) return { message: plaintext(error.message) };
      throw error;
    }
  },
};
