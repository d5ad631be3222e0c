/** Walks a parsed template and writes its output, as Go's text/template executes a tree. */

import type { BranchNode, Node, TemplateNode } from './ast.js';
import { evalPipeline } from './evaluate.js';
import { type ExecContext, State } from './exec-state.js';
import { sprint } from './go-printf.js';
import { quote } from './go-strconv.js';
import { compareStrings } from './go-unicode.js';
import { type GoValue, int, isMap, isTrue, typeName } from './go-values.js';

/** {{break}} and {{continue}} unwind to their range. */
const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

function walk(s: State, dot: GoValue, node: Node): void {
  s.step();
  s.at(node);
  switch (node.type) {
    case 'action': {
      const value = evalPipeline(s, dot, node.pipe);
      if (node.pipe.decl.length === 0) {
        s.at(node);
        s.write(value === undefined ? '<no value>' : sprint([value]));
      }
      return;
    }
    case 'break':
      throw BREAK;
    case 'continue':
      throw CONTINUE;
    case 'if':
    case 'with':
      walkIfOrWith(s, dot, node);
      return;
    case 'list':
      for (const n of node.nodes) walk(s, dot, n);
      return;
    case 'range':
      walkRange(s, dot, node);
      return;
    case 'template':
      walkTemplate(s, dot, node);
      return;
    case 'text':
      s.write(node.text);
      return;
  }
}

function walkIfOrWith(s: State, dot: GoValue, node: BranchNode): void {
  const mark = s.mark();
  try {
    const value = evalPipeline(s, dot, node.pipe);
    if (isTrue(value) && node.type === 'with') {
      const held = s.dotHeld;
      s.dotHeld = false;
      try {
        walk(s, value, node.list);
      } finally {
        s.dotHeld = held;
      }
    } else if (isTrue(value)) walk(s, dot, node.list);
    else if (node.elseList) walk(s, dot, node.elseList);
  } finally {
    s.pop(mark);
  }
}

function walkRange(s: State, dot: GoValue, node: BranchNode): void {
  s.at(node);
  const outer = s.mark();
  try {
    const value = evalPipeline(s, dot, node.pipe);
    const mark = s.mark();
    const decls = node.pipe.decl.length;
    const held = s.dotHeld;
    // Elements of an untyped container ([]interface{}, map[string]interface{}) have the static type interface {}.
    const elementsHeld = typeof value === 'object' && value !== null && /interface \{\}$/.test(typeName(value));
    const iteration = (key: GoValue, elem: GoValue): void => {
      if (decls > 0) s.setTopVar(1, elem);
      if (decls > 1) s.setTopVar(2, key);
      s.dotHeld = elementsHeld;
      try {
        walk(s, elem, node.list);
      } catch (signal) {
        if (signal !== CONTINUE) throw signal;
      } finally {
        s.pop(mark);
        s.dotHeld = held;
      }
    };
    let ran = false;
    if (Array.isArray(value)) {
      for (const [i, elem] of value.entries()) iteration(int(i), elem);
      ran = value.length > 0;
    } else if (isMap(value)) {
      const keys = Object.keys(value).sort(compareStrings);
      for (const key of keys) iteration(key, value[key]);
      ran = keys.length > 0;
    } else if (value !== undefined) {
      s.errorf(`range can't iterate over ${sprint([value])}`);
    }
    if (!ran && node.elseList) walk(s, dot, node.elseList);
  } catch (signal) {
    if (signal !== BREAK) throw signal;
  } finally {
    s.pop(outer);
  }
}

function walkTemplate(s: State, dot: GoValue, node: TemplateNode): void {
  s.at(node);
  const tree = s.ctx.trees.get(node.name);
  if (tree === undefined) s.errorf(`template ${quote(node.name)} not defined`);
  if (s.depth >= s.ctx.limits.maxTemplateDepth) s.errorf(`exceeded maximum template depth (${s.ctx.limits.maxTemplateDepth})`);
  const value = evalPipeline(s, dot, node.pipe);
  const inner = new State(s.ctx, node.name, value, s.depth + 1);
  walk(inner, value, tree);
}

/** Runs the template `name` of the context on `data`, writing to `ctx.out`. */
export function execute(ctx: ExecContext, name: string, data: GoValue): void {
  const tree = ctx.trees.get(name);
  const s: State = new State(ctx, name, data, 0);
  if (tree === undefined) s.errorf(`${quote(name)} is an incomplete or empty template`);
  walk(s, data, tree);
}
