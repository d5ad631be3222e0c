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

/**
 * Whether a pattern is written as a flag (`-n`, `--all-namespaces|-A`,
 * `(-o|--output)`): only those may match an argument that starts with `-`.
 * A value pattern such as `[a-z0-9-]+` would otherwise let `--as` or
 * `--context` through.
 */
const isFlagPattern = (source: string): boolean => /^(?:\^|\(\?:|\()*\\?-/.test(source);

/** Refuses the first argument no pattern of the tool matches in full (flags: no flag pattern). */
function checkArgs(tool: Tool, args: readonly string[]): void {
  if (!tool.allowed) return;
  args.forEach((arg, i) => {
    const candidates = arg.startsWith('-')
      ? tool.allowed?.filter((_, n) => isFlagPattern(tool.allowedArgs?.[n] ?? ''))
      : tool.allowed;
    if (candidates?.some((pattern) => pattern.test(arg))) return;
    const patterns = (tool.allowedArgs ?? []).map((p) => JSON.stringify(p)).join(', ') || 'none: it takes no arguments';
    const flags = arg.startsWith('-') ? ' (a flag is allowed only by a pattern that starts with -)' : '';
    throw new ExecRefusedError(
      `the argument ${JSON.stringify(arg)} (argument ${i + 1}) is not allowed for ${tool.name}${flags}; allowed patterns: ${patterns}`,
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
