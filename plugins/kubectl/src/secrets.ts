/**
 * Keeps Secret values out of chat. kubectl prints them in `-o json|yaml`
 * (base64 is not a secret's protection) and in the last-applied annotation
 * that `kubectl apply` leaves on an object; every object of kind Secret in
 * such output (in Lists too) gets its `data` and `stringData` values, and
 * that annotation, replaced. `describe secret` prints only sizes; its
 * annotations are redacted the same way.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, stringify, type YAMLMap } from 'yaml';

export const REDACTED = '<redacted>';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Redacts one Secret; returns how many values it replaced. */
function redactJsonSecret(secret: Json): number {
  let replaced = 0;
  for (const key of ['data', 'stringData']) {
    const values = secret[key];
    if (!isObject(values)) continue;
    for (const name of Object.keys(values)) values[name] = REDACTED;
    replaced += Object.keys(values).length;
  }
  const annotations = isObject(secret.metadata) ? secret.metadata.annotations : undefined;
  if (isObject(annotations) && LAST_APPLIED in annotations) {
    annotations[LAST_APPLIED] = REDACTED;
    replaced++;
  }
  return replaced;
}

/** Walks every value: a Secret is redacted wherever it is (a List's items, a watch event's object). */
function walkJson(value: unknown, inSecretList: boolean): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + walkJson(item, inSecretList), 0);
  if (!isObject(value)) return 0;
  let replaced = 0;
  if (value.kind === 'Secret' || (inSecretList && ('data' in value || 'stringData' in value)))
    replaced += redactJsonSecret(value);
  const secretList = value.kind === 'SecretList';
  for (const [key, child] of Object.entries(value)) replaced += walkJson(child, secretList && key === 'items');
  return replaced;
}

function redactYamlSecret(secret: YAMLMap): number {
  let replaced = 0;
  for (const key of ['data', 'stringData']) {
    const values = secret.get(key);
    if (!isMap(values)) continue;
    for (const pair of values.items) pair.value = new Scalar(REDACTED);
    replaced += values.items.length;
  }
  const metadata = secret.get('metadata');
  const annotations = isMap(metadata) ? metadata.get('annotations') : undefined;
  if (isMap(annotations) && annotations.has(LAST_APPLIED)) {
    annotations.set(LAST_APPLIED, new Scalar(REDACTED));
    replaced++;
  }
  return replaced;
}

function walkYaml(node: unknown, inSecretList: boolean): number {
  if (isSeq(node)) return node.items.reduce((sum: number, item) => sum + walkYaml(item, inSecretList), 0);
  if (!isMap(node)) return 0;
  let replaced = 0;
  const kind = node.get('kind');
  if (kind === 'Secret' || (inSecretList && (node.has('data') || node.has('stringData')))) replaced += redactYamlSecret(node);
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    replaced += walkYaml(pair.value, kind === 'SecretList' && key === 'items');
  }
  return replaced;
}

/**
 * `text` (kubectl's `-o json` or `-o yaml` output) with Secret values
 * redacted, or `undefined` when it cannot be parsed: the caller must not
 * show it then if it may hold a Secret. Text without a Secret value comes
 * back as kubectl printed it.
 */
export function redactStructured(text: string, format: 'json' | 'yaml'): string | undefined {
  if (text.trim() === '') return text;
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    return walkJson(parsed, false) === 0 ? text : `${JSON.stringify(parsed, null, 4)}\n`;
  }
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((doc) => doc.errors.length > 0)) return undefined;
  const replaced = docs.reduce((sum, doc) => sum + walkYaml(doc.contents, false), 0);
  if (replaced === 0) return text;
  return docs.map((doc) => doc.toString({ indentSeq: false, lineWidth: 0 })).join('');
}

/**
 * kubectl's `-o json` output with Secret values redacted, written as YAML
 * (keys sorted and lists unindented, as kubectl writes YAML), or `undefined`
 * when it cannot be parsed. For `-o yaml` of commands that may show Secrets:
 * a YAML syntax tree of a few MiB of kubectl output outgrows a worker's heap,
 * parsed JSON does not.
 */
export function redactJsonAsYaml(text: string): string | undefined {
  if (text.trim() === '') return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  walkJson(parsed, false);
  return stringify(parsed, { sortMapEntries: true, indentSeq: false, lineWidth: 0 });
}

/** Whether text kubectl printed holds something of kind Secret. */
export function looksLikeSecret(text: string): boolean {
  return /["']?kind["']?\s*:\s*["']?Secret(List)?\b/.test(text) || text.includes(LAST_APPLIED);
}

/** `describe` output with the value of a last-applied annotation redacted. */
export function redactDescribe(text: string): string {
  return text.replace(/(kubectl\.kubernetes\.io\/last-applied-configuration:)[^\n]*(\n[ \t]+[{"[][^\n]*)*/g, `$1 ${REDACTED}`);
}
