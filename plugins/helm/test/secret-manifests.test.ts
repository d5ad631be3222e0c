import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecretManifests } from '../src/secret-manifests.js';

const GET_ALL = `NAME: web
NAMESPACE: shop
MANIFEST:
---
# Source: web/templates/config.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  mode: production
---
# Source: web/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: db
  labels:
    app: web
type: Opaque
data:
  password: c3VwZXItc2VjcmV0
  "token.txt": dG9rZW4tdmFsdWU=
stringData:
  config.yaml: |
    user: admin
    password: hunter2
  plain: hunter3
---
# Source: web/templates/inline.yaml
data: {key: aW5saW5lLXNlY3JldA==}
kind: "Secret"
apiVersion: v1
metadata: { name: inline }

NOTES:
Thank you for installing web.`;

describe("helm's output, Secret values redacted", () => {
  it('replaces every value under data and stringData of Secret documents, keys and the rest kept', () => {
    const shown = redactSecretManifests(GET_ALL);
    for (const secret of ['c3VwZXItc2VjcmV0', 'dG9rZW4tdmFsdWU=', 'hunter2', 'hunter3', 'admin', 'aW5saW5lLXNlY3JldA==']) {
      assert.ok(!shown.includes(secret), `${secret} is shown:\n${shown}`);
    }
    assert.match(shown, /^ {2}password: <redacted>$/m);
    assert.match(shown, /^ {2}"token\.txt": <redacted>$/m);
    assert.match(shown, /^ {2}config\.yaml: <redacted>$/m);
    assert.match(shown, /^data: <redacted>$/m);
    // The rest is as helm printed it: the ConfigMap's data, metadata, the notes.
    assert.match(shown, /^ {2}mode: production$/m);
    assert.match(shown, /^ {4}app: web$/m);
    assert.match(shown, /^type: Opaque$/m);
    assert.match(shown, /^Thank you for installing web\.$/m);
  });

  it('leaves output without Secrets byte for byte', () => {
    const text = GET_ALL.replace(/kind: "?Secret"?/g, 'kind: ConfigMap');
    assert.equal(redactSecretManifests(text), text);
  });
});
