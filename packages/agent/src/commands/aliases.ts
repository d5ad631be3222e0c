/** Alias expansion: `k get po` → `kubectl get po`, as Botkube's `ExpandPrefix`. */

/** What an alias stands for, as in Botkube's `aliases.<name>` config. */
export interface AliasDefinition {
  command: string;
  displayName?: string;
}

/** Aliases by name. */
export type Aliases = Readonly<Record<string, AliasDefinition>>;

export interface AliasExpansion {
  /** The command with the alias replaced; unchanged when no alias matched. */
  command: string;
  /** The name of the alias that matched. */
  alias?: string;
}

/**
 * Replaces a leading alias: a command equal to an alias becomes the alias's
 * command, and one starting with the alias and a space has that prefix
 * replaced, once (the result is not expanded again). `kc` does not match
 * `kcc get`: the alias must be followed by a space or nothing.
 *
 * When several aliases match (`k` and `k g` for `k g po`), the longest wins,
 * whatever their order in the config; Botkube takes whichever its map
 * yields first.
 *
 * @param command A sanitized command: trimmed, as `sanitizeCommand` returns.
 */
export function expandAliases(command: string, aliases: Aliases): AliasExpansion {
  let match: string | undefined;
  for (const name of Object.keys(aliases)) {
    if (name === '' || (match !== undefined && name.length <= match.length)) continue;
    if (command === name || command.startsWith(`${name} `)) match = name;
  }
  const definition = match === undefined ? undefined : aliases[match];
  if (match === undefined || definition === undefined) return { command };
  const rest = command.slice(match.length);
  return { command: definition.command + rest, alias: match };
}
