/**
 * Botkube's reserved flags: the agent reads them and removes them from the
 * command before routing it, so a plugin never sees them.
 *
 * Where Botkube guesses, chatkube refuses with a clear error: Botkube doubles
 * a quote when a command has an odd number of them and then matches flags
 * with a regular expression; chatkube splits the command into words first
 * (see `splitWords`), so an unclosed quote is a `CommandSyntaxError` naming
 * its column, and a flag is a whole word, never part of one.
 */
import { CommandFlagError } from '../errors.js';
import { splitWords, type Word } from './tokenize.js';

/** The reserved flags a command carried. An empty value (`--filter=""`) counts as absent. */
export interface ReservedFlags {
  /** `--cluster-name`: run only on the agent of this cluster. */
  clusterName?: string;
  /** `--filter`: keep only the output lines containing this text. */
  filter?: string;
  /** `--all-clusters`: run on every agent in the channel. */
  allClusters: boolean;
  /** `--bk-cmd-header`: the header to show above the answer instead of the command. */
  header?: string;
}

/** The reserved flags of a command, and the command without them. */
export interface FlagExtraction extends ReservedFlags {
  command: string;
}

type FlagName = 'cluster-name' | 'filter' | 'bk-cmd-header' | 'all-clusters';
const FLAG_NAMES: readonly FlagName[] = ['cluster-name', 'filter', 'bk-cmd-header', 'all-clusters'];

// What Go's strconv.ParseBool accepts, which pflag uses for `--all-clusters=…`.
const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Extracts and removes `--cluster-name`, `--filter` and `--bk-cmd-header`
 * (each as `--flag=VALUE` or `--flag VALUE`, the value quoted or not) and
 * `--all-clusters` (alone, or `=true`/`=false`), anywhere in the command.
 * The rest of the command is kept as written, quotes included; each removed
 * flag takes the whitespace before it along (after it, at the start).
 *
 * A flag is recognised only when its name is written plainly: `"--filter=x"`
 * or `\--filter=x` is an ordinary word, passed on to the plugin. Flags after
 * a `--` word are left alone, as pflag does in Botkube: they belong to the
 * command behind it (`kubectl exec po -- grep --filter=x`).
 *
 * @throws CommandFlagError for a flag given twice, without a value, or with
 *   a value starting with `-`; the error's `flag` names it.
 * @throws CommandSyntaxError for an unclosed quote or a trailing backslash.
 */
export function parseReservedFlags(command: string): FlagExtraction {
  const words = splitWords(command);
  const flags: ReservedFlags = { allClusters: false };
  const seen = new Set<FlagName>();
  const removals: Array<{ start: number; end: number }> = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (word === undefined) break;
    const raw = command.slice(word.start, word.end);
    if (raw === '--') break;
    const name = FLAG_NAMES.find((candidate) => raw === `--${candidate}` || raw.startsWith(`--${candidate}=`));
    if (name === undefined) continue;
    const flag = `--${name}`;
    if (seen.has(name)) throw new CommandFlagError(flag, `${flag} is given more than once: give it once`);
    seen.add(name);

    if (name === 'all-clusters') {
      flags.allClusters = booleanValue(flag, raw, word);
      removals.push(word);
      continue;
    }
    const { value, end, next } = flagValue(flag, raw, word, words[index + 1]);
    removals.push({ start: word.start, end });
    if (next) index++;
    if (value === '') continue;
    if (name === 'cluster-name') flags.clusterName = value;
    else if (name === 'filter') flags.filter = value;
    else flags.header = value;
  }
  return { command: removeSpans(command, removals), ...flags };
}

/** A value flag's value, where its text ends, and whether it is the next word. */
function flagValue(
  flag: string,
  raw: string,
  word: Word,
  following: Word | undefined,
): { value: string; end: number; next: boolean } {
  if (raw === flag) {
    if (following === undefined) throw new CommandFlagError(flag, `${flag} needs a value: write ${flag}=VALUE or ${flag} VALUE`);
    if (following.value.startsWith('-')) {
      throw new CommandFlagError(
        flag,
        `${flag} needs a value, and ${JSON.stringify(following.value)} after it starts with "-": write ${flag}=VALUE or ${flag} VALUE`,
      );
    }
    return { value: following.value, end: following.end, next: true };
  }
  if (raw === `${flag}=`) {
    throw new CommandFlagError(flag, `${flag}= has no value: write ${flag}=VALUE, or ${flag}="" for none`);
  }
  const value = word.value.slice(flag.length + 1);
  if (value.startsWith('-')) throw new CommandFlagError(flag, `${flag}=${value}: a value of ${flag} cannot start with "-"`);
  return { value, end: word.end, next: false };
}

function booleanValue(flag: string, raw: string, word: Word): boolean {
  if (raw === flag) return true;
  const value = word.value.slice(flag.length + 1);
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  throw new CommandFlagError(flag, `${flag} takes no value, or =true or =false; not ${JSON.stringify(value)}`);
}

const isBlank = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

/** Removes each span with the whitespace before it (or after it, when nothing is before). */
function removeSpans(command: string, spans: ReadonlyArray<{ start: number; end: number }>): string {
  let out = command;
  // From the right, so the offsets of the spans still to remove stay valid.
  for (const { start, end } of [...spans].sort((a, b) => b.start - a.start)) {
    let from = start;
    let to = end;
    while (from > 0 && isBlank(out[from - 1])) from--;
    if (from === 0) while (to < out.length && isBlank(out[to])) to++;
    out = out.slice(0, from) + out.slice(to);
  }
  return out;
}
