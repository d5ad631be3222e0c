/** Reads `exec …` typed in chat: which declared tool runs, with which arguments. */
import { splitCommandWords } from '@chatkube/plugin';
import type { Tool } from './config.js';
import { ExecRefusedError } from './errors.js';

export type ExecRequest =
  | { kind: 'help' }
  | { kind: 'list' }
  | {
      kind: 'run';
      tool: Tool;
      args: string[];
    };

const declared = (tools: ReadonlyMap<string, Tool>): string =>
  tools.size === 0 ? 'none are declared (the plugin config lists them under tools)' : `declared: ${[...tools.keys()].join(', ')}`;

/** Refuses the first argument no pattern of the tool matches in full. */
function checkArgs(tool: Tool, args: readonly string[]): void {
  if (!tool.allowed) return;
  args.forEach((arg, i) => {
    if (tool.allowed?.some((pattern) => pattern.test(arg))) return;
    const patterns = (tool.allowedArgs ?? []).map((p) => JSON.stringify(p)).join(', ') || 'none: it takes no arguments';
    throw new ExecRefusedError(
      `the argument ${JSON.stringify(arg)} (argument ${i + 1}) is not allowed for ${tool.name}; allowed patterns: ${patterns}`,
    );
  });
}

/**
 * Parses `command` (`exec <tool> <args…>`, `exec run <tool> <args…>`,
 * `exec list`, `exec help`).
 *
 * @throws ExecRefusedError naming the undeclared tool or the argument refused.
 * @throws CommandWordsError for a command that does not split into words.
 */
export function parseExecCommand(command: string, tools: ReadonlyMap<string, Tool>): ExecRequest {
  const [, first, ...rest] = splitCommandWords(command);
  if (first === undefined || first === 'help' || first === '-h' || first === '--help') return { kind: 'help' };
  if (first === 'list' && rest.length === 0) return { kind: 'list' };
  const [name, ...args] = first === 'run' ? rest : [first, ...rest];
  if (name === undefined) throw new ExecRefusedError(`exec run needs a tool name: exec run <tool> <args…>; ${declared(tools)}`);
  const tool = tools.get(name);
  if (!tool) throw new ExecRefusedError(`no tool named ${JSON.stringify(name)} may run here; ${declared(tools)} (exec list)`);
  checkArgs(tool, args);
  return { kind: 'run', tool, args };
}
