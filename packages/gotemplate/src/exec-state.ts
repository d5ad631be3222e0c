/**
 * The state of one execution: the variables in scope, the node being
 * evaluated (errors name it, as Go's do), the output so far and the limits
 * that keep a template from running away.
 */

import type { AnyNode } from './ast.js';
import { locate, nodeString } from './ast.js';
import type { FuncMap } from './functions.js';
import type { GoValue } from './go-values.js';
import type { TreeSet } from './parser.js';

/** Limits of one execution; Go has none but its template depth of 100000. */
export interface ExecLimits {
  /** Largest output in UTF-8 bytes. */
  maxOutputBytes: number;
  /** Deepest nesting of {{template}} calls. */
  maxTemplateDepth: number;
  /** Most nodes and commands evaluated, so that nothing runs for ever. */
  maxSteps: number;
}

export const DEFAULT_LIMITS: ExecLimits = { maxOutputBytes: 1024 * 1024, maxTemplateDepth: 256, maxSteps: 2_000_000 };

/** What every template of one execution shares. */
export interface ExecContext {
  readonly text: string;
  /** The name of the template that was parsed; Go's error locations use it. */
  readonly parseName: string;
  readonly trees: TreeSet;
  readonly funcs: FuncMap;
  readonly limits: ExecLimits;
  out: string;
  outBytes: number;
  steps: number;
}

/** An execution error with Go's text; the template layer turns it into a TemplateExecError. */
export class ExecFailure extends Error {}

/** No piped-in value: the command is the first of its pipeline. */
export const MISSING: unique symbol = Symbol('missing');
export type Final = GoValue | typeof MISSING;

interface Variable {
  name: string;
  value: GoValue;
}

export class State {
  node: AnyNode | undefined;
  vars: Variable[];
  /** Dot is an element of a []interface{} or map[string]interface{}, so its static type is interface {}. */
  dotHeld = false;

  constructor(
    readonly ctx: ExecContext,
    /** The template being executed, as errors name it. */
    readonly name: string,
    dot: GoValue,
    readonly depth: number,
  ) {
    this.vars = [{ name: '$', value: dot }];
  }

  at(node: AnyNode): void {
    this.node = node;
  }

  errorf(message: string): never {
    if (this.node === undefined) throw new ExecFailure(`template: ${this.name}: ${message}`);
    const { line, col } = locate(this.ctx.text, this.node.pos);
    const where = `${this.ctx.parseName}:${line}:${col}`;
    throw new ExecFailure(`template: ${where}: executing ${JSON.stringify(this.name)} at <${nodeString(this.node)}>: ${message}`);
  }

  step(): void {
    if (++this.ctx.steps > this.ctx.limits.maxSteps)
      this.errorf(`template ran too long (more than ${this.ctx.limits.maxSteps} steps)`);
  }

  write(text: string): void {
    if (text === '') return;
    this.ctx.outBytes += Buffer.byteLength(text, 'utf8');
    if (this.ctx.outBytes > this.ctx.limits.maxOutputBytes)
      this.errorf(`output is larger than ${this.ctx.limits.maxOutputBytes} bytes`);
    this.ctx.out += text;
  }

  mark(): number {
    return this.vars.length;
  }

  pop(mark: number): void {
    this.vars.length = mark;
  }

  push(name: string, value: GoValue): void {
    this.vars.push({ name, value });
  }

  find(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) return v;
    }
    this.errorf(`undefined variable: ${name}`);
  }

  setTopVar(n: number, value: GoValue): void {
    const v = this.vars[this.vars.length - n];
    if (v) v.value = value;
  }
}
