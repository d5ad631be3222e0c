/**
 * Go's `strconv.Quote` (what `fmt` prints for `%q` of a string): Botkube
 * appends a text input's value to the input's command this way, and plugins
 * such as kubectl's `--filter=` parse it back with Go's unquoting.
 */

const NAMED_ESCAPES: Record<string, string> = {
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

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** The value double-quoted with Go's escapes, e.g. `a"b` → `"a\"b"`. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const named = NAMED_ESCAPES[char];
    if (named !== undefined) {
      out += named;
      continue;
    }
    let code = char.codePointAt(0) ?? 0;
    // A lone UTF-16 surrogate reaches Go as U+FFFD once encoded as UTF-8.
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    const rune = String.fromCodePoint(code);
    if (PRINTABLE.test(rune)) out += rune;
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return `${out}"`;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}
