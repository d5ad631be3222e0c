import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { validator } from '../src/config/schema-check.js';

const FIXTURES = new URL('../../test/fixtures/config/', import.meta.url).pathname;

describe('the precompiled config validator', () => {
  it('is built, and judges every fixture as ajv compiling the schema now does', () => {
    const built = validator();
    const now = validator({ precompiled: false });
    assert.notEqual(built, now, 'no precompiled validator: run npm run build');
    const files = readdirSync(FIXTURES).filter((f) => /\.ya?ml$/.test(f));
    assert.ok(files.length >= 3);
    const verdict = (validate: typeof built, doc: unknown) => {
      const ok = validate(doc);
      return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${e.message}`) };
    };
    for (const file of files) {
      let doc: unknown;
      try {
        doc = parse(readFileSync(join(FIXTURES, file), 'utf8'));
      } catch {
        continue; // the YAML syntax fixtures
      }
      assert.deepEqual(verdict(built, doc), verdict(now, doc), file);
    }
  });
});
