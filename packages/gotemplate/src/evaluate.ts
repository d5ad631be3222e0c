/**
 * Pipelines, commands, fields and function calls, evaluated as Go's
 * text/template does, typed parameters and their error messages included.
 */

import type { ArgNode, ChainNode, CommandNode, FieldNode, IdentifierNode, NumberNode, PipeNode, VariableNode } from './ast.js';
import { nodeString } from './ast.js';
import { BUILTINS } from './builtins.js';
import { type Final, MISSING, type State } from './exec-state.js';
import { type FuncDef, FuncError, PARAM_TYPE_NAMES, type ParamType } from './functions.js';
import { GoInt, type GoValue, int, isMap, isTrue, mapGet, typeName } from './go-values.js';

/** Evaluates a pipeline and binds its declared variables; a nil interface result is no value. */
export function evalPipeline(s: State, dot: GoValue, pipe: PipeNode | undefined): GoValue {
  if (pipe === undefined) return undefined;
  s.at(pipe);
  let value: Final = MISSING;
  for (const cmd of pipe.cmds) {
    value = evalCommand(s, dot, cmd, value);
    if (value === null) value = undefined;
  }
  const result = value === MISSING ? undefined : value;
  for (const variable of pipe.decl) {
    const name = variable.ident[0] ?? '';
    if (pipe.isAssign) s.find(name).value = result;
    else s.push(name, result);
  }
  return result;
}

function notAFunction(s: State, args: readonly ArgNode[], final: Final): void {
  if (args.length > 1 || final !== MISSING) s.errorf(`can't give argument to non-function ${nodeString(args[0] as ArgNode)}`);
}

function evalCommand(s: State, dot: GoValue, cmd: CommandNode, final: Final): GoValue {
  s.step();
  const first = cmd.args[0] as ArgNode;
  switch (first.type) {
    case 'field':
      return evalFieldNode(s, dot, first, cmd.args, final);
    case 'chain':
      return evalChainNode(s, dot, first, cmd.args, final);
    case 'identifier':
      return evalFunction(s, dot, first, cmd, cmd.args, final);
    case 'pipe':
      notAFunction(s, cmd.args, final);
      return evalPipeline(s, dot, first);
    case 'variable':
      return evalVariableNode(s, first, cmd.args, final);
  }
  s.at(first);
  notAFunction(s, cmd.args, final);
  switch (first.type) {
    case 'bool':
      return first.value;
    case 'dot':
      return dot;
    case 'nil':
      return s.errorf('nil is not a command');
    case 'number':
      return idealConstant(s, first);
    case 'string':
      return first.text;
  }
}

/** An untyped number constant becomes an int, unless it is written as a float. */
function idealConstant(s: State, n: NumberNode): GoValue {
  s.at(n);
  const hexInt = /^0[xX]/.test(n.text) && !/[pP]/.test(n.text);
  if (n.isFloat && !hexInt && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return n.float64;
  if (n.isInt) return new GoInt(n.int64, 'int');
  if (n.isUint) s.errorf(`${n.text} overflows int`);
  return undefined;
}

function evalFieldNode(s: State, dot: GoValue, field: FieldNode, args: readonly ArgNode[], final: Final): GoValue {
  s.at(field);
  return evalFieldChain(s, dot, field.ident, args, final, s.dotHeld);
}

function evalChainNode(s: State, dot: GoValue, chain: ChainNode, args: readonly ArgNode[], final: Final): GoValue {
  s.at(chain);
  if (chain.node.type === 'nil') s.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
  const receiver = evalArg(s, dot, undefined, chain.node);
  return evalFieldChain(s, receiver, chain.field, args, final);
}

function evalVariableNode(s: State, variable: VariableNode, args: readonly ArgNode[], final: Final): GoValue {
  s.at(variable);
  const value = s.find(variable.ident[0] ?? '').value;
  if (variable.ident.length === 1) {
    notAFunction(s, args, final);
    return value;
  }
  return evalFieldChain(s, value, variable.ident.slice(1), args, final);
}

function evalFieldChain(
  s: State,
  receiver: GoValue,
  ident: readonly string[],
  args: readonly ArgNode[],
  final: Final,
  held = false,
): GoValue {
  ident.forEach((name, i) => {
    const last = i === ident.length - 1;
    receiver = evalField(s, name, last ? args : [], last ? final : MISSING, receiver, i > 0 || held);
  });
  return receiver;
}

/** `.name` on a value: a map's entry (no value if missing); on anything else an error. */
function evalField(s: State, name: string, args: readonly ArgNode[], final: Final, receiver: GoValue, held: boolean): GoValue {
  if (receiver === undefined) return undefined;
  if (receiver === null) s.errorf(`nil pointer evaluating interface {}.${name}`);
  if (isMap(receiver)) {
    if (args.length > 1 || final !== MISSING) s.errorf(`${name} is not a method but has arguments`);
    return mapGet(receiver, name);
  }
  // A value found in a map[string]interface{} has the static type interface {}.
  return s.errorf(`can't evaluate field ${name} in type ${held ? 'interface {}' : typeName(receiver)}`);
}

function evalFunction(
  s: State,
  dot: GoValue,
  node: IdentifierNode,
  cmd: CommandNode | IdentifierNode,
  args: readonly ArgNode[],
  final: Final,
): GoValue {
  s.at(node);
  const def = s.ctx.funcs[node.name];
  if (def === undefined) return s.errorf(`${JSON.stringify(node.name)} is not a defined function`);
  return evalCall(s, dot, def, cmd, node.name, args, final);
}

function evalCall(
  s: State,
  dot: GoValue,
  def: FuncDef,
  node: CommandNode | IdentifierNode,
  name: string,
  allArgs: readonly ArgNode[],
  final: Final,
): GoValue {
  const args = allArgs.slice(1);
  const numIn = args.length + (final === MISSING ? 0 : 1);
  const variadic = def.variadic;
  const numFixed = variadic === undefined ? args.length : def.params.length;
  if (variadic !== undefined) {
    if (numIn < numFixed) s.errorf(`wrong number of args for ${name}: want at least ${def.params.length} got ${args.length}`);
  } else if (numIn !== def.params.length) s.errorf(`wrong number of args for ${name}: want ${def.params.length} got ${numIn}`);

  if (def === BUILTINS.and || def === BUILTINS.or) {
    let v: GoValue;
    for (const arg of args) {
      v = evalArg(s, dot, 'value', arg);
      if (isTrue(v) === (name === 'or')) return v;
    }
    if (final !== MISSING) v = final;
    return v;
  }

  const argv: GoValue[] = [];
  let i = 0;
  for (; i < numFixed && i < args.length; i++) argv.push(evalArg(s, dot, def.params[i], args[i] as ArgNode));
  if (variadic !== undefined) for (; i < args.length; i++) argv.push(evalArg(s, dot, variadic, args[i] as ArgNode));
  if (final !== MISSING) {
    let type = def.params[def.params.length - 1];
    if (variadic !== undefined) type = numIn - 1 < numFixed ? def.params[numIn - 1] : variadic;
    argv.push(validateType(s, final, type));
  }
  try {
    return def.call(...argv);
  } catch (error) {
    if (!(error instanceof FuncError) && !(error instanceof RangeError)) throw error;
    s.at(node);
    return s.errorf(`error calling ${name}: ${error.message}`);
  }
}

const canBeNil = (type: ParamType): boolean => type === 'any' || type === 'value' || type === 'map';

/** Checks a computed value against a parameter's type, as Go's validateType does. */
function validateType(s: State, value: GoValue, type: ParamType | undefined): GoValue {
  if (type === undefined || type === 'value') return value;
  if (value === undefined) {
    if (canBeNil(type)) return null;
    s.errorf(`invalid value; expected ${PARAM_TYPE_NAMES[type]}`);
  }
  if (type === 'any') return value;
  const got = typeName(value);
  if (got !== PARAM_TYPE_NAMES[type]) s.errorf(`wrong type for value; expected ${PARAM_TYPE_NAMES[type]}; got ${got}`);
  return value;
}

/** One argument: computed nodes are evaluated then checked, literals are read as the parameter's type. */
function evalArg(s: State, dot: GoValue, type: ParamType | undefined, n: ArgNode): GoValue {
  s.at(n);
  switch (n.type) {
    case 'dot':
      return validateType(s, dot, type);
    case 'nil':
      if (type !== undefined && canBeNil(type)) return type === 'value' ? undefined : null;
      return s.errorf(`cannot assign nil to ${type === undefined ? 'nil' : PARAM_TYPE_NAMES[type]}`);
    case 'field':
      return validateType(s, evalFieldNode(s, dot, n, [n], MISSING), type);
    case 'variable':
      return validateType(s, evalVariableNode(s, n, [], MISSING), type);
    case 'pipe':
      return validateType(s, evalPipeline(s, dot, n), type);
    case 'identifier':
      return validateType(s, evalFunction(s, dot, n, n, [], MISSING), type);
    case 'chain':
      return validateType(s, evalChainNode(s, dot, n, [], MISSING), type);
  }
  const found = nodeString(n);
  switch (type) {
    case 'bool':
      return n.type === 'bool' ? n.value : s.errorf(`expected bool; found ${found}`);
    case 'float64':
      return n.type === 'number' && n.isFloat ? n.float64 : s.errorf(`expected float; found ${found}`);
    case 'int':
    case 'int64':
      return n.type === 'number' && n.isInt ? int(n.int64, type) : s.errorf(`expected integer; found ${found}`);
    case 'string':
      return n.type === 'string' ? n.text : s.errorf(`expected string; found ${found}`);
    case 'any':
    case 'value':
      return n.type === 'bool' ? n.value : n.type === 'number' ? idealConstant(s, n) : n.text;
  }
  return s.errorf(`can't handle ${found} for arg of type ${type === undefined ? 'nil' : PARAM_TYPE_NAMES[type]}`);
}
