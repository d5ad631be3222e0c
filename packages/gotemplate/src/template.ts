/** Parsed templates, their execution with coded errors, and a small cache for rendering the same text again. */

import { TemplateExecError, TemplateSyntaxError } from './errors.js';
import { execute } from './exec.js';
import { DEFAULT_LIMITS, type ExecContext, ExecFailure, type ExecLimits } from './exec-state.js';
import { fromJsonValue } from './go-json.js';
import { parse, type TreeSet } from './parser.js';
import { FUNCTIONS, lookupFunction } from './registry.js';

export interface TemplateOptions {
  /** Limits of each execution; the defaults are 1 MiB of output, 256 nested {{template}} calls and 2,000,000 steps. */
  limits?: Partial<ExecLimits>;
}

/** A parsed Go template: parse once, execute on every event. */
export interface Template {
  /** The name errors give, as Go's template.New(name). */
  readonly name: string;
  /**
   * Renders the template over `data`, a JSON value (objects are Go's
   * map[string]interface{}, numbers float64). Throws TemplateExecError.
   */
  execute(data: unknown): string;
}

class ParsedTemplate implements Template {
  constructor(
    readonly name: string,
    readonly text: string,
    readonly trees: TreeSet,
    readonly limits: ExecLimits,
  ) {}

  execute(data: unknown): string {
    const ctx: ExecContext = {
      text: this.text,
      parseName: this.name,
      trees: this.trees,
      funcs: FUNCTIONS,
      limits: this.limits,
      out: '',
      outBytes: 0,
      steps: 0,
    };
    const root = fromJsonValue(data);
    try {
      execute(ctx, this.name, root === null ? undefined : root);
    } catch (error) {
      if (error instanceof ExecFailure) throw new TemplateExecError(error.message);
      if (error instanceof RangeError)
        throw new TemplateExecError(`template: ${this.name}: nested too deeply to execute (${error.message})`, { cause: error });
      throw new TemplateExecError(`template: ${this.name}: internal error: ${(error as Error).message}`, { cause: error });
    }
    return ctx.out;
  }
}

/** Parses a Go text/template with sprig's functions. Throws TemplateSyntaxError, naming the line and column. */
export function parseTemplate(text: string, name = 'template', options: TemplateOptions = {}): Template {
  let trees: TreeSet;
  try {
    trees = parse(text, name, { lookupFunction });
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw error;
    if (error instanceof RangeError)
      throw new TemplateSyntaxError(`template: ${name}: nested too deeply to parse (${error.message})`, { cause: error });
    throw new TemplateSyntaxError(`template: ${name}: internal error: ${(error as Error).message}`, { cause: error });
  }
  return new ParsedTemplate(name, text, trees, { ...DEFAULT_LIMITS, ...options.limits });
}

const CACHE_SIZE = 256;
const cache = new Map<string, Template | TemplateSyntaxError>();

/**
 * Parses (once: the last 256 texts are kept, least recently used first out)
 * and executes `text` over `data`.
 */
export function renderTemplate(text: string, data: unknown, name = 'template'): string {
  const key = `${name}\u0000${text}`;
  let entry = cache.get(key);
  if (entry === undefined) {
    try {
      entry = parseTemplate(text, name);
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      entry = error;
    }
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  } else cache.delete(key);
  cache.set(key, entry);
  if (entry instanceof TemplateSyntaxError) throw new TemplateSyntaxError(entry.message);
  return entry.execute(data);
}
