/** The items (tokens) of Go's template lexer and how its parser names them in messages. */

import { quote } from './go-strconv.js';

export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  | Keyword;

export type Keyword =
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

const KEYWORDS: Record<string, Keyword> = {
  '.': 'dot',
  block: 'block',
  break: 'break',
  continue: 'continue',
  define: 'define',
  else: 'else',
  end: 'end',
  if: 'if',
  nil: 'nil',
  range: 'range',
  template: 'template',
  with: 'with',
};

export interface Item {
  type: ItemType;
  /** Offset of the item in the input (UTF-16 code units). */
  pos: number;
  /** The item's text; for an error item, the message. */
  val: string;
  /** Line of the item's start, from 1. */
  line: number;
}

/** How Go's parser names an item in its messages. */
export function itemString(item: Item): string {
  if (item.type === 'eof') return 'EOF';
  if (item.type === 'error') return item.val;
  if (Object.values(KEYWORDS).includes(item.type as Keyword)) return `<${item.val}>`;
  const chars = [...item.val];
  if (chars.length > 10) return `${quote(chars.slice(0, 10).join(''))}...`;
  return quote(item.val);
}

/** The keyword item type of `word`, if it is one. */
export const keywordOf = (word: string): Keyword | undefined => (Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : undefined);

/**
 * Go's scanNumber from `pos`: a sign, a base prefix, digits, a fraction, an
 * exponent and an imaginary suffix. Returns where it stopped and whether the
 * literal ended cleanly (not followed by a letter or digit).
 */
function scanNumber(
  input: string,
  pos: number,
  isAlphaNumeric: (c: string | undefined) => boolean,
): { pos: number; ok: boolean } {
  const accept = (valid: string): boolean => {
    const c = input[pos];
    if (c !== undefined && valid.includes(c)) {
      pos++;
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string): void => {
    while (accept(valid)) {
      // Consumes the run.
    }
  };
  accept('+-');
  let digits = '0123456789_';
  if (accept('0')) {
    if (accept('xX')) digits = '0123456789abcdefABCDEF_';
    else if (accept('oO')) digits = '01234567_';
    else if (accept('bB')) digits = '01_';
  }
  acceptRun(digits);
  if (accept('.')) acceptRun(digits);
  if (digits.length === 11 && accept('eE')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  if (digits.length === 23 && accept('pP')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  accept('i');
  const next = String.fromCodePoint(input.codePointAt(pos) ?? 0);
  if (pos < input.length && isAlphaNumeric(next)) return { pos: pos + next.length, ok: false };
  return { pos, ok: true };
}

/** Go's lexNumber: a number, or a complex number (1+2i); `error` when malformed, `end` covering the bad part. */
export function lexNumber(
  input: string,
  start: number,
  isAlphaNumeric: (c: string | undefined) => boolean,
): { type: 'number' | 'complex' | 'error'; end: number } {
  const first = scanNumber(input, start, isAlphaNumeric);
  if (!first.ok) return { type: 'error', end: first.pos };
  const sign = input[first.pos];
  if (sign !== '+' && sign !== '-') return { type: 'number', end: first.pos };
  const second = scanNumber(input, first.pos, isAlphaNumeric);
  if (!second.ok || input[second.pos - 1] !== 'i') return { type: 'error', end: second.pos };
  return { type: 'complex', end: second.pos };
}
