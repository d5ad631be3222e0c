/**
 * Decodes the Kubernetes protobuf bodies kubectl's typed clients send (`kubectl create namespace|configmap|secret|
 * deployment`, `kubectl auth can-i`) into JSON objects. Only the kinds and fields those commands set are known;
 * other fields are dropped, and zero values are left out as JSON's omitempty would.
 */
import { unsupportedMediaType } from './status.js';

type FieldKind = 'string' | 'bytes' | 'int' | 'bool' | 'stringMap' | 'bytesMap' | 'strings';
/** A field: JSON name and either a scalar kind or a message schema name; `[]` marks repeated messages. */
type Field = readonly [name: string, kind: FieldKind | `msg:${string}` | `msgs:${string}`];
type Schema = Record<number, Field>;

const SCHEMAS: Record<string, Schema> = {
  ObjectMeta: {
    1: ['name', 'string'],
    2: ['generateName', 'string'],
    3: ['namespace', 'string'],
    5: ['uid', 'string'],
    6: ['resourceVersion', 'string'],
    11: ['labels', 'stringMap'],
    12: ['annotations', 'stringMap'],
    14: ['finalizers', 'strings'],
  },
  Namespace: { 1: ['metadata', 'msg:ObjectMeta'], 2: ['spec', 'msg:NamespaceSpec'] },
  NamespaceSpec: { 1: ['finalizers', 'strings'] },
  ConfigMap: {
    1: ['metadata', 'msg:ObjectMeta'],
    2: ['data', 'stringMap'],
    3: ['binaryData', 'bytesMap'],
    4: ['immutable', 'bool'],
  },
  Secret: {
    1: ['metadata', 'msg:ObjectMeta'],
    2: ['data', 'bytesMap'],
    3: ['type', 'string'],
    4: ['stringData', 'stringMap'],
    5: ['immutable', 'bool'],
  },
  Deployment: { 1: ['metadata', 'msg:ObjectMeta'], 2: ['spec', 'msg:DeploymentSpec'] },
  DeploymentSpec: {
    1: ['replicas', 'int'],
    2: ['selector', 'msg:LabelSelector'],
    3: ['template', 'msg:PodTemplateSpec'],
    4: ['strategy', 'msg:DeploymentStrategy'],
    5: ['minReadySeconds', 'int'],
  },
  DeploymentStrategy: { 1: ['type', 'string'] },
  LabelSelector: { 1: ['matchLabels', 'stringMap'], 2: ['matchExpressions', 'msgs:LabelSelectorRequirement'] },
  LabelSelectorRequirement: { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'strings'] },
  PodTemplateSpec: { 1: ['metadata', 'msg:ObjectMeta'], 2: ['spec', 'msg:PodSpec'] },
  PodSpec: {
    2: ['containers', 'msgs:Container'],
    3: ['restartPolicy', 'string'],
    8: ['serviceAccountName', 'string'],
    10: ['nodeName', 'string'],
  },
  Container: {
    1: ['name', 'string'],
    2: ['image', 'string'],
    3: ['command', 'strings'],
    4: ['args', 'strings'],
    6: ['ports', 'msgs:ContainerPort'],
    7: ['env', 'msgs:EnvVar'],
    8: ['resources', 'msg:Empty'],
    14: ['imagePullPolicy', 'string'],
  },
  ContainerPort: { 1: ['name', 'string'], 3: ['containerPort', 'int'], 4: ['protocol', 'string'] },
  EnvVar: { 1: ['name', 'string'], 2: ['value', 'string'] },
  Empty: {},
  SelfSubjectAccessReview: { 1: ['metadata', 'msg:ObjectMeta'], 2: ['spec', 'msg:SelfSubjectAccessReviewSpec'] },
  SelfSubjectAccessReviewSpec: {
    1: ['resourceAttributes', 'msg:ResourceAttributes'],
    2: ['nonResourceAttributes', 'msg:NonResourceAttributes'],
  },
  ResourceAttributes: {
    1: ['namespace', 'string'],
    2: ['verb', 'string'],
    3: ['group', 'string'],
    4: ['version', 'string'],
    5: ['resource', 'string'],
    6: ['subresource', 'string'],
    7: ['name', 'string'],
  },
  NonResourceAttributes: { 1: ['path', 'string'], 2: ['verb', 'string'] },
};

/** Messages whose empty form JSON keeps as `{}` (kubectl create deployment sends `resources: {}`). */
const KEEP_EMPTY = new Set(['Empty']);

class Reader {
  readonly bytes: Uint8Array;
  offset = 0;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
  get done(): boolean {
    return this.offset >= this.bytes.length;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.offset >= this.bytes.length) throw new Error('truncated varint');
      const byte = this.bytes[this.offset++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
      if (shift > 63) throw new Error('varint too long');
    }
  }
  chunk(): Uint8Array {
    const length = this.varint();
    if (this.offset + length > this.bytes.length) throw new Error('truncated field');
    const chunk = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return chunk;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.offset += 8;
    else if (wireType === 2) this.chunk();
    else if (wireType === 5) this.offset += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

/** The key (1) and value (2) of one map entry. */
function mapEntry(bytes: Uint8Array): [string, Uint8Array] {
  const reader = new Reader(bytes);
  let key = '';
  let value: Uint8Array = new Uint8Array();
  while (!reader.done) {
    const tag = reader.varint();
    if (tag >>> 3 === 1 && (tag & 7) === 2) key = text(reader.chunk());
    else if (tag >>> 3 === 2 && (tag & 7) === 2) value = reader.chunk();
    else reader.skip(tag & 7);
  }
  return [key, value];
}

/** The array a repeated field collects into. */
function repeated(out: Record<string, unknown>, name: string): unknown[] {
  const list = (out[name] ?? []) as unknown[];
  out[name] = list;
  return list;
}

function decodeMessage(bytes: Uint8Array, schemaName: string): Record<string, unknown> {
  const schema = SCHEMAS[schemaName] ?? {};
  const reader = new Reader(bytes);
  const out: Record<string, unknown> = {};
  while (!reader.done) {
    const tag = reader.varint();
    const wireType = tag & 7;
    const field = schema[tag >>> 3];
    if (field === undefined) {
      reader.skip(wireType);
      continue;
    }
    const [name, kind] = field;
    if (wireType === 0) {
      const value = reader.varint();
      if (kind === 'bool') out[name] = value !== 0;
      else out[name] = value;
      continue;
    }
    if (wireType !== 2) {
      reader.skip(wireType);
      continue;
    }
    const chunk = reader.chunk();
    if (kind === 'string') out[name] = text(chunk);
    else if (kind === 'bytes') out[name] = Buffer.from(chunk).toString('base64');
    else if (kind === 'strings') repeated(out, name).push(text(chunk));
    else if (kind === 'stringMap' || kind === 'bytesMap') {
      const [key, value] = mapEntry(chunk);
      const map = (out[name] ?? {}) as Record<string, string>;
      map[key] = kind === 'stringMap' ? text(value) : Buffer.from(value).toString('base64');
      out[name] = map;
    } else if (kind.startsWith('msgs:')) repeated(out, name).push(decodeMessage(chunk, kind.slice(5)));
    else if (kind.startsWith('msg:')) {
      const inner = kind.slice(4);
      const value = decodeMessage(chunk, inner);
      if (Object.keys(value).length > 0 || KEEP_EMPTY.has(inner)) out[name] = value;
    }
  }
  for (const [key, value] of Object.entries(out)) if (value === '' || value === 0 || value === false) delete out[key];
  return out;
}

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** Decodes `application/vnd.kubernetes.protobuf`: the `k8s\0` envelope, runtime.Unknown, then the object. */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (!MAGIC.every((byte, i) => body[i] === byte))
    throw unsupportedMediaType('application/vnd.kubernetes.protobuf (no k8s envelope)');
  try {
    const unknown = decodeUnknown(body.subarray(4));
    const schema = SCHEMAS[unknown.kind];
    if (schema === undefined)
      throw unsupportedMediaType(`application/vnd.kubernetes.protobuf for kind ${unknown.kind} (send JSON)`);
    return { apiVersion: unknown.apiVersion, kind: unknown.kind, ...decodeMessage(unknown.raw, unknown.kind) };
  } catch (error) {
    if (error instanceof Error && error.name === 'KubeStatusError') throw error;
    throw unsupportedMediaType(`application/vnd.kubernetes.protobuf that does not decode: ${(error as Error).message}`);
  }
}

function decodeUnknown(bytes: Uint8Array): { apiVersion: string; kind: string; raw: Uint8Array } {
  const reader = new Reader(bytes);
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array();
  while (!reader.done) {
    const tag = reader.varint();
    if (tag >>> 3 === 1 && (tag & 7) === 2) {
      const meta = new Reader(reader.chunk());
      while (!meta.done) {
        const inner = meta.varint();
        if (inner >>> 3 === 1 && (inner & 7) === 2) apiVersion = text(meta.chunk());
        else if (inner >>> 3 === 2 && (inner & 7) === 2) kind = text(meta.chunk());
        else meta.skip(inner & 7);
      }
    } else if (tag >>> 3 === 2 && (tag & 7) === 2) raw = reader.chunk();
    else reader.skip(tag & 7);
  }
  return { apiVersion, kind, raw };
}
