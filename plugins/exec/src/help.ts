/** exec's help, and the answer to `exec list`. */
import { codeBlock, commandButton, type Message, sections } from '@chatkube/api';
import type { Tool } from './config.js';

const USAGE = [
  'Usage:',
  '  exec <tool> <args…>      run a declared tool',
  '  exec run <tool> <args…>  the same',
  '  exec list                the declared tools',
  '',
  'Only the tools declared in the plugin config run, each with the arguments its allowedArgs patterns allow.',
  'Arguments go to the tool as typed: nothing runs in a shell, so ; | && $(…) and backticks are plain text.',
].join('\n');

/** The answer to `exec help`. */
export function helpMessage(): Message {
  return codeBlock(USAGE);
}

/** The answer to `exec list`. */
export function listMessage(tools: ReadonlyMap<string, Tool>, platform: string): Message {
  if (tools.size === 0) return codeBlock('No tools are declared: list them under tools in the exec plugin config.');
  const lines = [...tools.values()].map((tool) => {
    const from = tool.download?.[platform]
      ? `downloaded for ${platform}`
      : tool.command
        ? `runs ${tool.command}`
        : `runs ${tool.name} from PATH`;
    const args = tool.allowedArgs ? `, arguments matching ${tool.allowedArgs.join(' | ') || 'nothing'}` : '';
    return `${tool.name}${tool.description ? ` — ${tool.description}` : ''} (${from}${args})`;
  });
  return codeBlock(lines.join('\n'), { filter: true });
}

/** The section the agent's `help` command shows for exec. */
export function helpSections(): Message {
  return sections({
    header: 'Exec',
    description: 'Run the CLI tools this agent declares: exec <tool> <args…>.',
    buttons: [
      commandButton('Declared tools', 'exec list', { description: true }),
      commandButton('Help', 'exec help', { description: true }),
    ],
  });
}
