/** Pipelines, commands and operands of a template action, as Go's parser reads them. */

import type { ArgNode, CommandNode, NumberNode, PipeNode, VariableNode } from './ast.js';
import { nodeString } from './ast.js';
import { quote } from './go-strconv.js';
import type { Item, ItemType } from './lexer.js';
import { TokenCursor } from './parse-cursor.js';
import { parseNumber } from './parse-number.js';

export class PipelineParser extends TokenCursor {
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
