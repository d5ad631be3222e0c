/**
 * The merged configuration document, and for every key the layer (defaults,
 * a file, an environment variable) that set it last, so that a problem
 * found after merging still names the file and line it comes from.
 */
import type { ConfigPath } from './problems.js';

type PlainObject = Record<string, unknown>;

/** One source of configuration, merged over the ones before it. */
export interface ConfigLayer {
  /** The file path or `$VARIABLE`; absent for chatkube's defaults. */
  name?: string;
  doc: PlainObject;
  /** Where a path's value is written in this layer, if it is a file. */
  locate?: (path: ConfigPath) => { line: number; column: number } | undefined;
}

export const isPlainObject = (value: unknown): value is PlainObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Who set a key: a tree mirroring the document's mappings. */
interface Origin {
  layer: ConfigLayer;
  children: Map<string, Origin>;
}

/**
 * Merges layers in order as Botkube's koanf does: later values win, mappings
 * merge key by key at every depth, lists and scalars are replaced whole.
 * Layers are not modified. (`mergeConfigs` of `@chatkube/api` merges the
 * same way, but cannot tell who set what.)
 */
export class LayeredDocument {
  readonly doc: PlainObject = {};
  readonly #origins = new Map<string, Origin>();

  add(layer: ConfigLayer): void {
    mergeInto(this.doc, layer.doc, this.#origins, layer);
  }

  /**
   * The layer that set `path` (for a mapping: the layer that first wrote it),
   * or, for a key no layer set, the layer of the nearest enclosing one.
   */
  originOf(path: ConfigPath): ConfigLayer | undefined {
    let origins = this.#origins;
    let found: ConfigLayer | undefined;
    for (const segment of path) {
      if (typeof segment === 'number') break; // lists are set whole, by one layer
      const origin = origins.get(segment);
      if (origin === undefined) break;
      found = origin.layer;
      origins = origin.children;
    }
    return found;
  }
}

function mergeInto(target: PlainObject, source: PlainObject, origins: Map<string, Origin>, layer: ConfigLayer): void {
  for (const [key, value] of Object.entries(source)) {
    // A `__proto__` key would replace the object's prototype on assignment.
    if (value === undefined || key === '__proto__') continue;
    const current = target[key];
    const origin = origins.get(key);
    if (isPlainObject(value) && isPlainObject(current) && origin !== undefined) {
      // A mapping stays the first layer's: where it was written, not where a key was added to it.
      mergeInto(current, value, origin.children, layer);
      continue;
    }
    const fresh: Origin = { layer, children: new Map() };
    origins.set(key, fresh);
    if (isPlainObject(value)) {
      const copy: PlainObject = {};
      target[key] = copy;
      mergeInto(copy, value, fresh.children, layer);
    } else {
      target[key] = structuredClone(value);
    }
  }
}
