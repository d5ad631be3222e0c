/**
 * The token cursor of the template parser: lookahead over the lexer's items,
 * the variables in scope, and errors that read like Go's with the column
 * added: `template: name:line:col: message`.
 */

import { locate } from './ast.js';
import { TemplateSyntaxError } from './errors.js';
import { SyntaxFailure, unquote } from './go-strconv.js';
import { type Item, type ItemType, itemString, lex } from './lexer.js';

/** Deeper nesting of parentheses and blocks is refused rather than risking the stack. */
const MAX_NESTING = 200;

export interface ParseOptions {
  /** Whether a function of this name exists; otherwise it is unknown or unsupported. */
  lookupFunction(name: string): 'defined' | 'unsupported' | 'unknown';
}

export class TokenCursor {
  readonly items: Item[];
  index = 0;
  /** The furthest item read: Go's errors give its line. */
  furthest = 0;
  /** Variables in scope; `$` always is. */
  vars = ['$'];
  /** Line of the action being parsed, for "started at" in errors. */
  actionLine = 0;
  nesting = 0;

  constructor(
    readonly text: string,
    readonly name: string,
    readonly options: ParseOptions,
  ) {
    this.items = lex(text);
  }

  fail(message: string): never {
    const token = this.items[Math.min(this.furthest, this.items.length - 1)];
    const { line, col } = locate(this.text, token?.pos ?? this.text.length);
    throw new TemplateSyntaxError(`template: ${this.name}:${token?.line ?? line}:${col}: ${message}`);
  }

  next(): Item {
    const item = this.items[Math.min(this.index, this.items.length - 1)] as Item;
    this.furthest = Math.max(this.furthest, this.index);
    this.index++;
    return item;
  }

  backup(n = 1): void {
    this.index -= n;
  }

  peek(): Item {
    const item = this.next();
    this.backup();
    return item;
  }

  nextNonSpace(): Item {
    let item = this.next();
    while (item.type === 'space') item = this.next();
    return item;
  }

  peekNonSpace(): Item {
    const item = this.nextNonSpace();
    this.backup();
    return item;
  }

  expect(type: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }

  unexpected(token: Item, context: string): never {
    if (token.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = `${token.val.endsWith(' action') ? '' : ' in action'} started at ${this.name}:${this.actionLine}`;
      }
      this.fail(`${token.val}${extra}`);
    }
    this.fail(`unexpected ${itemString(token)} in ${context}`);
  }

  nest<T>(f: () => T): T {
    if (++this.nesting > MAX_NESTING) this.fail(`nesting deeper than ${MAX_NESTING} levels`);
    try {
      return f();
    } finally {
      this.nesting--;
    }
  }

  unquoted(token: Item): string {
    try {
      return unquote(token.val) as string;
    } catch (error) {
      if (error instanceof SyntaxFailure) this.fail(error.message);
      throw error;
    }
  }
}
