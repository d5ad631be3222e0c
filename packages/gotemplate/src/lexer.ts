/**
 * The lexer of Go's text/template: text, {{ }} actions with the `{{- ` and
 * ` -}}` trim markers, comments, and the tokens inside actions. It lexes the
 * whole input at once; a lexical error is the last item.
 */

import { quote } from './go-strconv.js';
import { isDigit, isLetter, isPrint } from './go-unicode.js';
import { type Item, type ItemType, keywordOf, lexNumber } from './lexer-items.js';

export { type Item, type ItemType, itemString } from './lexer-items.js';

const LEFT = '{{';
const RIGHT = '}}';
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string | undefined): boolean => {
  if (c === undefined) return false;
  const r = c.codePointAt(0) ?? 0;
  return c === '_' || isLetter(r) || isDigit(r);
};
const hasLeftTrim = (s: string, i: number): boolean => s[i] === '-' && isSpace(s[i + 1]);
const hasRightTrim = (s: string, i: number): boolean => isSpace(s[i]) && s[i + 1] === '-';
const countLines = (s: string): number => s.split('\n').length - 1;

class Lexer {
  readonly items: Item[] = [];
  pos = 0;
  start = 0;
  line = 1;
  startLine = 1;
  parenDepth = 0;

  constructor(readonly input: string) {}

  /** The character at the cursor (a whole code point), or undefined at the end. */
  peek(): string | undefined {
    const r = this.input.codePointAt(this.pos);
    return r === undefined ? undefined : String.fromCodePoint(r);
  }

  next(): string | undefined {
    const c = this.peek();
    if (c !== undefined) {
      this.pos += c.length;
      if (c === '\n') this.line++;
    }
    return c;
  }

  emit(type: ItemType): void {
    this.items.push({ type, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine });
    this.start = this.pos;
    this.startLine = this.line;
  }

  ignore(): void {
    this.line += countLines(this.input.slice(this.start, this.pos));
    this.start = this.pos;
    this.startLine = this.line;
  }

  /** Ends lexing with an error item. */
  fail(message: string): false {
    this.items.push({ type: 'error', pos: this.start, val: message, line: this.startLine });
    return false;
  }

  atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrim(this.input, this.pos) && this.input.startsWith(RIGHT, this.pos + 2)) return { delim: true, trim: true };
    return { delim: this.input.startsWith(RIGHT, this.pos), trim: false };
  }

  atTerminator(): boolean {
    const c = this.peek();
    if (c === undefined || isSpace(c) || '.,|:()'.includes(c)) return true;
    return this.input.startsWith(RIGHT, this.pos);
  }

  run(): Item[] {
    while (this.text() && this.action()) {
      // Each round lexes one stretch of text and the action after it.
    }
    return this.items;
  }

  /** Text up to the next action; false at the end of input. */
  text(): boolean {
    const x = this.input.indexOf(LEFT, this.pos);
    if (x < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) {
        this.line += countLines(this.input.slice(this.start, this.pos));
        this.emit('text');
      }
      this.emit('eof');
      return false;
    }
    this.pos = x;
    let trim = 0;
    if (hasLeftTrim(this.input, x + LEFT.length)) {
      const before = this.input.slice(this.start, x);
      trim = before.length - before.replace(/[ \t\r\n]+$/, '').length;
    }
    this.pos -= trim;
    if (this.pos > this.start) {
      this.line += countLines(this.input.slice(this.start, this.pos));
      this.emit('text');
    }
    this.pos += trim;
    this.ignore();
    return true;
  }

  /** An action or a comment, from its left delimiter to its right one. */
  action(): boolean {
    this.pos += LEFT.length;
    const trim = hasLeftTrim(this.input, this.pos);
    const after = trim ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + after)) {
      this.pos += after;
      this.ignore();
      return this.comment();
    }
    this.emit('leftDelim');
    this.pos += after;
    this.ignore();
    this.parenDepth = 0;
    return this.insideAction();
  }

  comment(): boolean {
    this.pos += 2;
    const end = this.input.indexOf('*/', this.pos);
    if (end < 0) return this.fail('unclosed comment');
    this.pos = end + 2;
    const { delim, trim } = this.atRightDelim();
    if (!delim) return this.fail('comment ends before closing delimiter');
    this.pos += (trim ? 2 : 0) + RIGHT.length;
    if (trim) this.skipLeadingSpace();
    this.ignore();
    return true;
  }

  skipLeadingSpace(): void {
    while (isSpace(this.input[this.pos])) this.pos++;
  }

  rightDelim(trim: boolean): boolean {
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += RIGHT.length;
    this.emit('rightDelim');
    if (trim) {
      this.skipLeadingSpace();
      this.ignore();
    }
    return true;
  }

  insideAction(): boolean {
    for (;;) {
      const { delim, trim } = this.atRightDelim();
      if (delim) return this.parenDepth === 0 ? this.rightDelim(trim) : this.fail('unclosed left paren');
      const c = this.next();
      if (c === undefined) return this.fail('unclosed action');
      if (isSpace(c)) {
        this.pos--;
        if (c === '\n') this.line--;
        if (!this.spaces()) return this.rightDelim(true);
        continue;
      }
      let ok = true;
      switch (c) {
        case '=':
          this.emit('assign');
          break;
        case ':':
          if (this.next() !== '=') return this.fail('expected :=');
          this.emit('declare');
          break;
        case '|':
          this.emit('pipe');
          break;
        case '"':
          ok = this.quoted('"', 'unterminated quoted string', 'string');
          break;
        case '`':
          ok = this.raw();
          break;
        case '$':
          ok = this.variable();
          break;
        case "'":
          ok = this.quoted("'", 'unterminated character constant', 'charConstant');
          break;
        case '(':
          this.emit('leftParen');
          this.parenDepth++;
          break;
        case ')':
          this.emit('rightParen');
          this.parenDepth--;
          if (this.parenDepth < 0) return this.fail("unexpected right paren U+0029 ')'");
          break;
        default:
          ok = this.other(c);
      }
      if (!ok) return false;
    }
  }

  /** A run of spaces; false when it is the single space of a ` -}}` trim marker. */
  spaces(): boolean {
    let count = 0;
    while (isSpace(this.peek())) {
      this.next();
      count++;
    }
    if (hasRightTrim(this.input, this.pos - 1) && this.input.startsWith(RIGHT, this.pos + 1)) {
      this.pos--;
      if (this.input[this.pos] === '\n') this.line--;
      if (count === 1) return false;
    }
    this.emit('space');
    return true;
  }

  other(c: string): boolean {
    if (c === '.') {
      const n = this.input[this.pos];
      if (n !== undefined && (n < '0' || n > '9')) return this.fieldOrVariable('field');
    }
    if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      this.pos -= c.length;
      return this.number();
    }
    if (isAlphaNumeric(c)) {
      this.pos -= c.length;
      return this.identifier();
    }
    const r = c.codePointAt(0) ?? 0;
    if (r < 0x80 && r >= 0x20 && r < 0x7f) {
      this.emit('char');
      return true;
    }
    return this.fail(`unrecognized character in action: ${runeName(r)}`);
  }

  identifier(): boolean {
    while (isAlphaNumeric(this.peek())) this.next();
    if (!this.atTerminator()) return this.fail(`bad character ${runeName(this.input.codePointAt(this.pos) ?? 0)}`);
    const word = this.input.slice(this.start, this.pos);
    const keyword = keywordOf(word);
    if (keyword && keyword !== 'dot') this.emit(keyword);
    else if (word.startsWith('.')) this.emit('field');
    else if (word === 'true' || word === 'false') this.emit('bool');
    else this.emit('identifier');
    return true;
  }

  variable(): boolean {
    if (this.atTerminator()) {
      this.emit('variable');
      return true;
    }
    return this.fieldOrVariable('variable');
  }

  fieldOrVariable(type: 'field' | 'variable'): boolean {
    if (this.atTerminator()) {
      this.emit(type === 'variable' ? 'variable' : 'dot');
      return true;
    }
    while (isAlphaNumeric(this.peek())) this.next();
    if (!this.atTerminator()) return this.fail(`bad character ${runeName(this.input.codePointAt(this.pos) ?? 0)}`);
    this.emit(type);
    return true;
  }

  quoted(q: string, unterminated: string, type: ItemType): boolean {
    for (;;) {
      const c = this.next();
      if (c === '\\') {
        const e = this.next();
        if (e !== undefined && e !== '\n') continue;
        return this.fail(unterminated);
      }
      if (c === undefined || c === '\n') return this.fail(unterminated);
      if (c === q) break;
    }
    this.emit(type);
    return true;
  }

  raw(): boolean {
    const end = this.input.indexOf('`', this.pos);
    if (end < 0) return this.fail('unterminated raw quoted string');
    this.line += countLines(this.input.slice(this.pos, end));
    this.pos = end + 1;
    this.emit('rawString');
    return true;
  }

  number(): boolean {
    const { type, end } = lexNumber(this.input, this.pos, isAlphaNumeric);
    this.pos = end;
    if (type === 'error') return this.fail(`bad number syntax: ${quote(this.input.slice(this.start, this.pos))}`);
    this.emit(type);
    return true;
  }
}

/** Go's %#U of a rune: U+0041 'A'. */
function runeName(r: number): string {
  const hex = r.toString(16).toUpperCase().padStart(4, '0');
  return isPrint(r) ? `U+${hex} '${String.fromCodePoint(r)}'` : `U+${hex}`;
}

/** Lexes a whole template. */
export function lex(input: string): Item[] {
  return new Lexer(input).run();
}
