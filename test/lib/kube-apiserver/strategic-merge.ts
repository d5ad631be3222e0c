/**
 * Strategic merge patch, the parts kubectl apply/edit/patch use: lists of objects merged by their merge key
 * (`name`, `containerPort`, `port`, `mountPath`, `ip`, `type`), `$patch: delete|replace`, `$setElementOrder/…`,
 * `$deleteFromPrimitiveList/…` and `$retainKeys`. Without a schema the merge key is guessed from the list items;
 * lists whose items have none are replaced, as JSON merge patch does.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const MERGE_KEYS = ['name', 'containerPort', 'port', 'mountPath', 'devicePath', 'ip', 'type', 'topologyKey'];

/** The merge key shared by every object item of the patch list (and of the target list, when it has items). */
function mergeKeyOf(patch: Json[], target: Json[]): string | undefined {
  const items = patch.filter((item) => !(isObject(item) && item.$patch === 'delete' && Object.keys(item).length === 1));
  if (items.length === 0 || !items.every(isObject)) return undefined;
  return MERGE_KEYS.find(
    (key) => (items as JsonObject[]).every((item) => key in item) && target.every((item) => !isObject(item) || key in item),
  );
}

function mergeList(target: Json[], patch: Json[], order: Json[] | undefined): Json[] {
  const key = mergeKeyOf(patch, target);
  if (key === undefined) return patch.map((item) => strategicMerge(undefined, item));
  const result = target.map((item) => structuredClone(item));
  for (const item of patch as JsonObject[]) {
    const index = result.findIndex((existing) => isObject(existing) && existing[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) result[index] = strategicMerge(result[index], item);
    else result.push(strategicMerge(undefined, item));
  }
  if (order === undefined) return result;
  const rank = (item: Json) => {
    const at = order.findIndex((entry) => isObject(entry) && isObject(item) && entry[key] === item[key]);
    return at < 0 ? order.length : at;
  };
  return result
    .map((item, index) => ({ item, index }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index)
    .map(({ item }) => item);
}

/** Applies a strategic merge patch to a copy of the target. */
export function strategicMerge(target: unknown, patch: unknown): Json {
  if (!isObject(patch)) return structuredClone(patch as Json);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return strategicMerge(undefined, rest);
  }
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((item) => !value.includes(item));
      continue;
    }
    if (key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else if (Array.isArray(value)) {
      const order = patch[`$setElementOrder/${key}`];
      const current = result[key];
      result[key] = mergeList(Array.isArray(current) ? current : [], value, Array.isArray(order) ? order : undefined);
    } else if (isObject(value) && value.$patch === 'delete') delete result[key];
    else result[key] = strategicMerge(result[key], value);
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  return result;
}
