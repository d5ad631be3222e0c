/** PATCH bodies: JSON merge patch (RFC 7386; strategic merge patch is treated as one) and JSON patch (RFC 6902). */
import { badRequest } from './status.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 7386 merge; keys starting with `$` (strategic merge directives such as `$setElementOrder/…`) are dropped. */
export function mergePatch(target: unknown, patch: unknown): Json {
  if (!isObject(patch)) return structuredClone(patch as Json);
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** `/a/b~1c` → [`a`, `b/c`]. */
function pointer(path: unknown): string[] {
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/')))
    throw badRequest(`invalid JSON patch path: ${String(path)}`);
  return path === ''
    ? []
    : path
        .slice(1)
        .split('/')
        .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(document: Json, parts: string[]): { parent: Json; last: string } {
  let node = document;
  for (const part of parts.slice(0, -1)) {
    const next = Array.isArray(node) ? node[Number(part)] : isObject(node) ? node[part] : undefined;
    if (next === undefined) throw badRequest(`JSON patch path /${parts.join('/')} does not exist`);
    node = next;
  }
  return { parent: node, last: parts[parts.length - 1] ?? '' };
}

function valueAt(document: Json, parts: string[]): Json | undefined {
  let node: Json | undefined = document;
  for (const part of parts) {
    node = Array.isArray(node) ? node[Number(part)] : isObject(node) ? node[part] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** Applies an RFC 6902 operation list (add, remove, replace, move, copy, test). */
export function jsonPatch(target: unknown, operations: unknown): Json {
  if (!Array.isArray(operations)) throw badRequest('a JSON patch must be an array of operations');
  let document = structuredClone(target as Json);
  for (const operation of operations) {
    if (!isObject(operation)) throw badRequest('a JSON patch operation must be an object');
    const parts = pointer(operation.path);
    const op = operation.op;
    const write = (value: Json, insert: boolean) => {
      if (parts.length === 0) {
        document = value;
        return;
      }
      const { parent, last } = parentOf(document, parts);
      if (Array.isArray(parent)) {
        const index = last === '-' ? parent.length : Number(last);
        if (insert) parent.splice(index, 0, value);
        else parent[index] = value;
      } else if (isObject(parent)) parent[last] = value;
      else throw badRequest(`JSON patch path ${String(operation.path)} does not exist`);
    };
    const remove = (at: string[]) => {
      const { parent, last } = parentOf(document, at);
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else if (isObject(parent) && last in parent) delete parent[last];
      else throw badRequest(`JSON patch path /${at.join('/')} does not exist`);
    };
    if (op === 'add') write(structuredClone(operation.value as Json), true);
    else if (op === 'replace') {
      if (valueAt(document, parts) === undefined) throw badRequest(`JSON patch path ${String(operation.path)} does not exist`);
      write(structuredClone(operation.value as Json), false);
    } else if (op === 'remove') remove(parts);
    else if (op === 'move' || op === 'copy') {
      const from = pointer(operation.from);
      const value = valueAt(document, from);
      if (value === undefined) throw badRequest(`JSON patch path ${String(operation.from)} does not exist`);
      if (op === 'move') remove(from);
      write(structuredClone(value), true);
    } else if (op === 'test') {
      if (JSON.stringify(valueAt(document, parts)) !== JSON.stringify(operation.value))
        throw badRequest(`JSON patch test failed at ${String(operation.path)}`);
    } else throw badRequest(`unknown JSON patch operation: ${String(op)}`);
  }
  return document;
}
