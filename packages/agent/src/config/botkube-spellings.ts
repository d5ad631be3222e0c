/**
 * Botkube's spellings of keys chatkube names otherwise, read as chatkube's
 * within each layer (a file, an environment variable), so that a later
 * layer's spelling still wins over an earlier one's.
 */
import type { ConfigLayer } from './layers.js';
import { mapping } from './read-doc.js';

/** `settings.log.formatter` (Botkube) is `settings.log.format`, unless the same layer sets both. */
export function withBotkubeSpellings(layer: ConfigLayer): ConfigLayer {
  const settings = mapping(layer.doc.settings);
  const log = mapping(settings.log);
  if (log.formatter === undefined || log.format !== undefined) return layer;
  return { ...layer, doc: { ...layer.doc, settings: { ...settings, log: { ...log, format: log.formatter } } } };
}
