/**
 * The parse tree of a template, shaped like Go's text/template/parse nodes,
 * and their text as Go prints it in error messages (`at <.a.b>`).
 */

import { quote } from './go-strconv.js';

interface At {
  /** Offset in the template text (UTF-16 code units). */
  pos: number;
}

export interface TextNode extends At {
  type: 'text';
  text: string;
}
export interface FieldNode extends At {
  type: 'field';
  ident: string[];
}
export interface VariableNode extends At {
  type: 'variable';
  ident: string[];
}
export interface ChainNode extends At {
  type: 'chain';
  node: ArgNode;
  field: string[];
}
export interface IdentifierNode extends At {
  type: 'identifier';
  name: string;
}
export interface DotNode extends At {
  type: 'dot';
}
export interface NilNode extends At {
  type: 'nil';
}
export interface BoolNode extends At {
  type: 'bool';
  value: boolean;
}
export interface NumberNode extends At {
  type: 'number';
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
}
export interface StringNode extends At {
  type: 'string';
  quoted: string;
  text: string;
}
export interface PipeNode extends At {
  type: 'pipe';
  line: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode extends At {
  type: 'command';
  args: ArgNode[];
}
export interface ActionNode extends At {
  type: 'action';
  line: number;
  pipe: PipeNode;
}
export interface BranchNode extends At {
  type: 'if' | 'range' | 'with';
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | undefined;
}
export interface TemplateNode extends At {
  type: 'template';
  line: number;
  name: string;
  pipe: PipeNode | undefined;
}
export interface LoopControlNode extends At {
  type: 'break' | 'continue';
  line: number;
}
export interface ListNode extends At {
  type: 'list';
  nodes: Node[];
}
/** Only while parsing: what ends a list. */
export interface DelimiterNode extends At {
  type: 'end' | 'else';
  line: number;
}

export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;
export type Node = TextNode | ActionNode | BranchNode | TemplateNode | LoopControlNode | ListNode;
export type AnyNode = Node | ArgNode | CommandNode | DelimiterNode;

/** The node as Go's String() writes it. */
export function nodeString(n: AnyNode): string {
  switch (n.type) {
    case 'text':
      return n.text;
    case 'field':
      return n.ident.map((f) => `.${f}`).join('');
    case 'variable':
      return n.ident.join('.');
    case 'chain':
      return (n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)) + n.field.map((f) => `.${f}`).join('');
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'pipe': {
      const decl = n.decl.length > 0 ? `${n.decl.map(nodeString).join(', ')} := ` : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with': {
      const otherwise = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}${otherwise}{{end}}`;
    }
    case 'template':
      return `{{template ${quote(n.name)}${n.pipe ? ` ${nodeString(n.pipe)}` : ''}}}`;
    case 'break':
    case 'continue':
      return `{{${n.type}}}`;
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'end':
    case 'else':
      return `{{${n.type}}}`;
  }
}

/** Line (from 1) and column (bytes from the start of the line, from 0, as Go counts) of `pos` in `text`. */
export function locate(text: string, pos: number): { line: number; col: number } {
  const before = text.slice(0, pos);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, col: Buffer.byteLength(before.slice(lineStart), 'utf8') };
}
