/** A failed command in plain words: what happened and what to do about it. */
import { ChatkubeError } from '@chatkube/api';
import { PluginExitedError } from '../errors.js';

/** `300000` → `5m`, `1500` → `1.5s`: how long, for people. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes}m${seconds}s` : `${minutes}m`;
}

/** The first line, without the period that ends it: the caller goes on with its own sentence. */
const firstLine = (text: string): string => (text.split('\n')[0] ?? text).replace(/[.:]$/, '');

/** What the channel reads when plugin `name` fails a command. */
export function describeFailure(name: string, error: unknown): string {
  const code = error instanceof ChatkubeError ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'CHATKUBE_ERR_PLUGIN_EXITED':
      return `${name} stopped while running the command: ${firstLine(error instanceof PluginExitedError ? error.summary : message)}. It is being started again; try once more in a moment.`;
    case 'CHATKUBE_ERR_PLUGIN_START':
      return `${name} is not available: ${message}. An operator can see why in the agent's log and /readyz.`;
    case 'CHATKUBE_ERR_PLUGIN_DEACTIVATED':
      return `${name} is deactivated: it failed too often. An operator can see why in the agent's log and /healthz.`;
    case 'CHATKUBE_ERR_PLUGIN_TIMEOUT':
      return `${name} did not answer in time.`;
    case 'CHATKUBE_ERR_PLUGIN_RESPONSE':
      return `${name} answered with something chatkube cannot show: ${firstLine(message)}`;
    case 'CHATKUBE_ERR_PLUGIN_UNIMPLEMENTED':
      return `${name} cannot do that: ${message}`;
    default:
      // The plugin's own error text, as Botkube shows it.
      return `${name} failed: ${message}`;
  }
}
