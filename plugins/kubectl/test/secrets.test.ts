import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { REDACTED, redactStructured } from '../src/index.js';

const applied = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', data: { password: 'aHVudGVyMg==' } });
const secret = (name: string, withKind = true) => ({
  ...(withKind ? { apiVersion: 'v1', kind: 'Secret' } : {}),
  metadata: { name, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': applied, team: 'a' } },
  data: { password: 'aHVudGVyMg==', user: 'YWRtaW4=' },
  stringData: { token: 'plain-token' },
  type: 'Opaque',
});
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, data: { kept: 'pod-field' } };

describe('redactStructured', () => {
  it('redacts data, stringData and the last-applied annotation of a Secret in JSON, keeping keys', () => {
    const out = redactStructured(JSON.stringify(secret('a')), 'json');
    assert.ok(out);
    assert.doesNotMatch(out, /aHVudGVyMg|YWRtaW4|plain-token/);
    const parsed = JSON.parse(out);
    assert.deepEqual(parsed.data, { password: REDACTED, user: REDACTED });
    assert.deepEqual(parsed.stringData, { token: REDACTED });
    assert.equal(parsed.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], REDACTED);
    assert.equal(parsed.metadata.annotations.team, 'a');
    assert.match(out, /^\{\n {4}"apiVersion"/);
  });

  it('redacts Secrets inside Lists (get secrets,pods -o json), and SecretList items without kind, leaving other kinds', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [secret('a'), pod, secret('b')] };
    const parsed = JSON.parse(redactStructured(JSON.stringify(list), 'json') ?? '');
    assert.equal(parsed.items[0].data.password, REDACTED);
    assert.equal(parsed.items[2].data.user, REDACTED);
    assert.equal(parsed.items[1].data.kept, 'pod-field');
    const secretList = { apiVersion: 'v1', kind: 'SecretList', items: [secret('c', false)] };
    assert.doesNotMatch(redactStructured(JSON.stringify(secretList), 'json') ?? '', /aHVudGVyMg/);
  });

  it('redacts YAML output, single documents and Lists, in kubectl style', () => {
    const yaml = `apiVersion: v1
items:
- apiVersion: v1
  data:
    password: aHVudGVyMg==
  kind: Secret
  metadata:
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: |
        ${applied}
    name: a
  type: Opaque
- apiVersion: v1
  kind: Pod
  metadata:
    name: web
kind: List
`;
    const out = redactStructured(yaml, 'yaml') ?? '';
    assert.doesNotMatch(out, /aHVudGVyMg/);
    assert.match(out, /^items:\n- apiVersion: v1$/m);
    const parsed = parse(out);
    assert.equal(parsed.items[0].data.password, REDACTED);
    assert.equal(parsed.items[1].metadata.name, 'web');
    const two = redactStructured(`kind: Secret\ndata:\n  a: eA==\n---\nkind: Secret\nstringData:\n  b: y\n`, 'yaml') ?? '';
    assert.doesNotMatch(two, /eA==|: y$/m);
  });

  it('gives back output without Secret values as kubectl printed it', () => {
    const json = '{\n    "kind": "Pod",\n    "note": "\\u003cb\\u003e",\n    "n": 1e3\n}\n';
    assert.equal(redactStructured(json, 'json'), json);
    const yaml = 'kind: ConfigMap\ndata:\n  long: "quoted"\n  list:\n    - a\n';
    assert.equal(redactStructured(yaml, 'yaml'), yaml);
  });

  it('says it cannot redact what it cannot parse', () => {
    assert.equal(redactStructured('{"kind": "Secret", "data": {', 'json'), undefined);
    assert.equal(redactStructured('kind: Secret\ndata: [\n', 'yaml'), undefined);
    assert.equal(redactStructured('', 'json'), '');
  });
});
