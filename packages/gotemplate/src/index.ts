/**
 * Go's text/template with the functions of Masterminds/sprig v3
 * (sprig.TxtFuncMap), as Botkube renders action commands and the kubernetes
 * source's extraButtons: same grammar (Go 1.19's), same output byte for byte,
 * errors with Go's texts. Checked against the real Go by test/e2e/templates.test.ts.
 *
 * ```ts
 * const t = parseTemplate('kubectl describe {{ .Event.Kind | lower }} {{ .Event.Name }}', 'describe');
 * t.execute({ Event: { Kind: 'Pod', Name: 'web' } }); // 'kubectl describe pod web'
 * ```
 *
 * Data is JSON, as Botkube's templates see an event after its JSON round
 * trip: objects are map[string]interface{}, arrays []interface{}, numbers
 * float64 (so `{{ .Count }}` of 1000000 prints 1e+06 and `eq .Count 3` is an
 * error, as in Go).
 *
 * Where chatkube differs from Go, on purpose:
 * - Syntax errors add the column: `template: name:line:col: …` (Go gives the
 *   line only). Execution errors read as Go's, position and node included.
 * - Complex number literals (`1i`, `1+2i`) are a syntax error.
 * - These sprig functions are a syntax error ("not supported by chatkube"):
 *   dates (now, date, toDate, …), random values (randAlphaNum, randInt,
 *   shuffle, uuidv4, …), env and expandenv, getHostByName, crypto and
 *   certificates, semver and semverCompare, urlParse and urlJoin, and the merge
 *   family. See UNSUPPORTED_SPRIG in registry.ts.
 * - `keys` and `values` return keys in sorted order (Go's map order is random,
 *   so this is one of the orders Go may give).
 * - Limits, each an execution error: 1 MiB of output, 256 nested {{template}}
 *   calls (Go: 100000), 2,000,000 evaluation steps (Go: none); repeat, indent
 *   and nindent results up to 1 MiB, until/untilStep/seq up to 1,000,000
 *   elements; regexps up to 100,000 instructions. Parsing refuses nesting of
 *   parentheses and blocks deeper than 200.
 * - Strings are JavaScript strings: where Go would keep invalid UTF-8 (substr,
 *   trunc or abbrev cutting a character in two, a "\xff" escape), each invalid
 *   byte becomes U+FFFD, which is what Go's encoding/json shows of them.
 *   Lengths and offsets are still counted in UTF-8 bytes, as Go counts them.
 * - Regular expressions run on chatkube's own RE2-style engine (Go's syntax,
 *   leftmost-first matches, linear time). Unicode classes and case folding use
 *   Node's Unicode tables, which are newer than Go 1.19's.
 * - Case mappings use Go's simple one-rune mappings, approximated from
 *   JavaScript's: a mapping that would grow a rune (ß → SS) keeps the rune.
 * - `call` always fails (JSON data holds no functions), as Go does on a
 *   non-function value.
 * - Some error texts of library failures differ: mustFromJson's JSON errors,
 *   b64dec's byte offset, a repeat count too large once nested.
 * - "can't evaluate field x in type T" names `interface {}` for map values
 *   and range elements, the concrete type otherwise (Go tracks the static type
 *   everywhere, variables included).
 *
 * Go 1.19 is the reference (what Debian ships here): `break` and `continue`
 * exist, `{{else with}}` (Go 1.23) and ranging over an integer (Go 1.22) do
 * not. As with sprig.TxtFuncMap, sprig's `slice` replaces Go's builtin one.
 */

export { TemplateExecError, TemplateSyntaxError } from './errors.js';
export type { ExecLimits } from './exec-state.js';
export { parseTemplate, renderTemplate, type Template, type TemplateOptions } from './template.js';
