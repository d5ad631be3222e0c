/**
 * The parser of Go's text/template (Go 1.19's grammar): a tree per template
 * name, the main one and those of {{define}} and {{block}}. Errors read like
 * Go's, with the column added: `template: name:line:col: message`.
 */

import type { BranchNode, DelimiterNode, ListNode, Node, PipeNode, TemplateNode } from './ast.js';
import { nodeString } from './ast.js';
import { quote } from './go-strconv.js';
import type { Item } from './lexer.js';
import type { ParseOptions } from './parse-cursor.js';
import { PipelineParser } from './parse-pipeline.js';

export type { ParseOptions } from './parse-cursor.js';

export type TreeSet = Map<string, ListNode>;

const isEmptyTree = (n: Node): boolean =>
  n.type === 'list' ? n.nodes.every(isEmptyTree) : n.type === 'text' ? n.text.trim() === '' : false;

const isDelimiter = (n: Node | DelimiterNode): n is DelimiterNode => n.type === 'end' || n.type === 'else';

class Parser extends PipelineParser {
  rangeDepth = 0;
  treeName: string;

  constructor(
    text: string,
    name: string,
    readonly trees: TreeSet,
    options: ParseOptions,
  ) {
    super(text, name, options);
    this.treeName = name;
  }

  /** Adds a finished tree: a second non-empty definition of a name is an error. */
  add(name: string, root: ListNode): void {
    const existing = this.trees.get(name);
    if (existing === undefined || isEmptyTree(existing)) this.trees.set(name, root);
    else if (!isEmptyTree(root)) this.fail(`template: multiple definition of template ${quote(name)}`);
  }

  /** Parses a {{define}} or {{block}} body as a tree of its own. */
  subTree(name: string, context: string): void {
    const saved = { vars: this.vars, rangeDepth: this.rangeDepth, treeName: this.treeName };
    this.vars = ['$'];
    this.rangeDepth = 0;
    this.treeName = name;
    const [root, end] = this.itemList();
    if (end.type !== 'end') this.fail(`unexpected ${nodeString(end)} in ${context}`);
    this.add(name, root);
    Object.assign(this, saved);
  }

  parse(): void {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const at = this.index;
        this.next();
        if (this.nextNonSpace().type === 'define') {
          const token = this.nextNonSpace();
          if (token.type !== 'string' && token.type !== 'rawString') this.unexpected(token, 'define clause');
          const name = this.unquoted(token);
          this.expect('rightDelim', 'define clause');
          this.subTree(name, 'define clause');
          continue;
        }
        this.index = at;
      }
      const n = this.textOrAction();
      if (isDelimiter(n)) this.fail(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    this.add(this.name, root);
  }

  itemList(): [ListNode, DelimiterNode] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (isDelimiter(n)) return [list, n];
      list.nodes.push(n);
    }
    this.fail('unexpected EOF');
  }

  textOrAction(): Node | DelimiterNode {
    const token = this.nextNonSpace();
    if (token.type === 'text') return { type: 'text', pos: token.pos, text: token.val };
    if (token.type !== 'leftDelim') this.unexpected(token, 'input');
    this.actionLine = token.line;
    try {
      return this.action();
    } finally {
      this.actionLine = 0;
    }
  }

  action(): Node | DelimiterNode {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'block':
        return this.blockControl();
      case 'break':
      case 'continue': {
        const end = this.nextNonSpace();
        if (end.type !== 'rightDelim') this.unexpected(end, `{{${token.type}}}`);
        if (this.rangeDepth === 0) this.fail(`{{${token.type}}} outside {{range}}`);
        return { type: token.type, pos: token.pos, line: token.line };
      }
      case 'else': {
        const peek = this.peekNonSpace();
        if (peek.type === 'if') return { type: 'else', pos: peek.pos, line: peek.line };
        const end = this.expect('rightDelim', 'else');
        return { type: 'else', pos: end.pos, line: end.line };
      }
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos, line: token.line };
      case 'if':
      case 'range':
      case 'with':
        return this.control(token.type);
      case 'template':
        return this.templateControl();
    }
    this.backup();
    const start = this.peek();
    return { type: 'action', pos: start.pos, line: start.line, pipe: this.pipeline('command', 'rightDelim') };
  }

  control(type: 'if' | 'range' | 'with'): BranchNode {
    return this.nest(() => {
      const mark = this.vars.length;
      const pipe = this.pipeline(type, 'rightDelim');
      if (type === 'range') this.rangeDepth++;
      let [list, next] = this.itemList();
      if (type === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next.type === 'else') {
        if (type === 'if' && this.peek().type === 'if') {
          this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.control('if')] };
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.fail(`expected end; found ${nodeString(next)}`);
        }
      }
      this.vars.length = mark;
      return { type, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    });
  }

  templateName(token: Item, context: string): string {
    if (token.type !== 'string' && token.type !== 'rawString') this.unexpected(token, context);
    return this.unquoted(token);
  }

  blockControl(): TemplateNode {
    const token = this.nextNonSpace();
    const name = this.templateName(token, 'block clause');
    const pipe = this.pipeline('block clause', 'rightDelim');
    this.subTree(name, 'block clause');
    return { type: 'template', pos: token.pos, line: token.line, name, pipe };
  }

  templateControl(): TemplateNode {
    const token = this.nextNonSpace();
    const name = this.templateName(token, 'template clause');
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline('template clause', 'rightDelim');
    }
    return { type: 'template', pos: token.pos, line: token.line, name, pipe };
  }
}

/** Parses `text` into its trees; `name` names the main one and appears in errors. */
export function parse(text: string, name: string, options: ParseOptions): TreeSet {
  const trees: TreeSet = new Map();
  new Parser(text, name, trees, options).parse();
  return trees;
}
