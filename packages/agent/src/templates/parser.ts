/**
 * The parser of Go's text/template (Go 1.19's grammar): a tree per template
 * name, the main one and those of {{define}} and {{block}}. Errors read like
 * Go's, with the column added: `template: name:line:col: message`.
 */

import { TemplateSyntaxError } from '../errors.js';
import type {
  ArgNode,
  BranchNode,
  CommandNode,
  DelimiterNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './ast.js';
import { locate, nodeString } from './ast.js';
import { quote, SyntaxFailure, unquote } from './go-strconv.js';
import { type Item, type ItemType, itemString, lex } from './lexer.js';
import { parseNumber } from './parse-number.js';

/** Deeper nesting of parentheses and blocks is refused rather than risking the stack. */
const MAX_NESTING = 200;

export interface ParseOptions {
  /** Whether a function of this name exists; otherwise it is unknown or unsupported. */
  lookupFunction(name: string): 'defined' | 'unsupported' | 'unknown';
}

export type TreeSet = Map<string, ListNode>;

const isEmptyTree = (n: Node): boolean =>
  n.type === 'list' ? n.nodes.every(isEmptyTree) : n.type === 'text' ? n.text.trim() === '' : false;

const isDelimiter = (n: Node | DelimiterNode): n is DelimiterNode => n.type === 'end' || n.type === 'else';

class Parser {
  readonly items: Item[];
  index = 0;
  furthest = 0;
  vars = ['$'];
  rangeDepth = 0;
  actionLine = 0;
  nesting = 0;
  treeName: string;

  constructor(
    readonly text: string,
    readonly name: string,
    readonly trees: TreeSet,
    readonly options: ParseOptions,
  ) {
    this.items = lex(text);
    this.treeName = name;
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

  pipeline(context: string, end: ItemType): PipeNode {
    return this.nest(() => {
      const start = this.peekNonSpace();
      const pipe: PipeNode = { type: 'pipe', pos: start.pos, line: start.line, isAssign: false, decl: [], cmds: [] };
      this.declarations(pipe, context);
      for (;;) {
        const token = this.nextNonSpace();
        if (token.type === end) {
          this.checkPipeline(pipe, context);
          return pipe;
        }
        switch (token.type) {
          case 'bool':
          case 'charConstant':
          case 'complex':
          case 'dot':
          case 'field':
          case 'identifier':
          case 'number':
          case 'nil':
          case 'rawString':
          case 'string':
          case 'variable':
          case 'leftParen':
            this.backup();
            pipe.cmds.push(this.command());
            break;
          default:
            this.unexpected(token, context);
        }
      }
    });
  }

  /** `$x :=`, `$x =` and range's `$i, $v :=` at the start of a pipeline. */
  declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') return;
      const at = this.index;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      const variable: VariableNode = { type: 'variable', pos: v.pos, ident: [v.val] };
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(variable);
        this.vars.push(v.val);
        return;
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(variable);
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace().type;
          if (after === 'variable' || after === 'rightDelim' || after === 'rightParen') continue;
          this.fail('range can only initialize variables');
        }
        this.fail(`too many declarations in ${context}`);
      }
      this.index = at;
      return;
    }
  }

  checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const first = c.args[0]?.type;
      if (first === 'bool' || first === 'dot' || first === 'nil' || first === 'number' || first === 'string')
        this.fail(`non executable command in pipeline stage ${i + 2}`);
    });
  }

  command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.backup();
      else if (token.type !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.fail('empty command');
    return cmd;
  }

  operand(): ArgNode | undefined {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.fail(`unexpected . after term ${quote(nodeString(node))}`);
    }
    return { type: 'chain', pos, node, field: fields };
  }

  term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'identifier': {
        const found = this.options.lookupFunction(token.val);
        if (found === 'unknown') this.fail(`function ${quote(token.val)} not defined`);
        if (found === 'unsupported') this.fail(`function ${quote(token.val)} is not supported by chatkube`);
        return { type: 'identifier', pos: token.pos, name: token.val };
      }
      case 'dot':
        return { type: 'dot', pos: token.pos };
      case 'nil':
        return { type: 'nil', pos: token.pos };
      case 'variable':
        if (!this.vars.includes(token.val.split('.')[0] ?? '')) this.fail(`undefined variable ${quote(token.val)}`);
        return { type: 'variable', pos: token.pos, ident: [token.val] };
      case 'field':
        return { type: 'field', pos: token.pos, ident: token.val.slice(1).split('.') };
      case 'bool':
        return { type: 'bool', pos: token.pos, value: token.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.number(token);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return { type: 'string', pos: token.pos, quoted: token.val, text: this.unquoted(token) };
    }
    this.backup();
    return undefined;
  }

  number(token: Item): NumberNode {
    const parsed = parseNumber(token.val, token.type === 'charConstant', token.type === 'complex');
    if (typeof parsed === 'string') this.fail(parsed);
    return { type: 'number', pos: token.pos, ...parsed };
  }
}

/** Parses `text` into its trees; `name` names the main one and appears in errors. */
export function parse(text: string, name: string, options: ParseOptions): TreeSet {
  const trees: TreeSet = new Map();
  new Parser(text, name, trees, options).parse();
  return trees;
}
