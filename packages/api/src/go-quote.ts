/**
 * Go's `%q` (`strconv.Quote`) and `strings.TrimSpace`, which Botkube's Slack
 * bot applies to the value of a text input before it becomes a command.
 *
 * `%q` is not `JSON.stringify`: Go keeps only printable characters as they
 * are (letters, marks, numbers, punctuation, symbols and the ASCII space)
 * and escapes the rest: `\a \b \f \n \r \t \v`, `\x00`…`\x1f` and `\x7f`,
 * `\u00a0` (no-break space), `\u200d` (zero-width joiner), `\u200f` (a
 * direction mark), `\ufeff`, `\U000f0000` (private use). JSON escapes only
 * C0 controls (as `\u0007`, or `\b \f \n \r \t`), `"` and `\`.
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0');

/** `s` as Go's `fmt.Sprintf("%q", s)` writes it. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const short = SHORT_ESCAPES[ch];
    const code = ch.codePointAt(0) ?? 0;
    if (short !== undefined) out += short;
    // A lone surrogate cannot be UTF-8: Go would have decoded it as U+FFFD
    // from the platform's JSON, and U+FFFD is printable.
    else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else if (PRINTABLE.test(ch)) out += ch;
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return `${out}"`;
}

// Go's unicode.IsSpace: ASCII whitespace, NEL, NBSP and the White_Space
// characters. Unlike String.prototype.trim, it drops U+0085 and keeps U+FEFF.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** `s` without leading and trailing whitespace, as Go's `strings.TrimSpace`. */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && GO_SPACE.test(s.charAt(start))) start++;
  while (end > start && GO_SPACE.test(s.charAt(end - 1))) end--;
  return s.slice(start, end);
}
