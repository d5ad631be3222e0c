import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeEvent, decodeMessage, encodeEvent, encodeMessage } from '@chatkube/api';
import { goBin, ROOT, scratch } from '../lib/paths.js';

const INPUT = join(ROOT, 'test/golden/input');
const RECORDED = join(ROOT, 'test/golden/go');
const files = readdirSync(INPUT).filter((f) => f.endsWith('.json'));

/**
 * Go's behaviour that chatkube does not copy, on purpose. Go merges the
 * values of a key given twice in one object (and reuses a first array's
 * elements for a second); JavaScript's JSON.parse keeps the last value, and
 * no Go encoder ever writes a key twice, so only hand-written JSON differs.
 */
const DIVERGES: Record<string, string> = {
  'quirk-duplicate-keys.json': 'a key given twice: Go merges both values, chatkube keeps the last',
};

/** What chatkube writes after reading `input`: Go's round trip is Unmarshal then Marshal. */
function roundTrip(name: string, input: string): string {
  return name.startsWith('event-') ? encodeEvent(decodeEvent(input)) : encodeMessage(decodeMessage(input));
}

describe("JSON compatibility with Go's encoding/json", () => {
  it('has inputs for every message type and for events', () => {
    assert.ok(files.length >= 14, `only ${files.length} golden inputs`);
    const types = new Set(
      files.filter((f) => !f.startsWith('event-')).map((f) => JSON.parse(readFileSync(join(INPUT, f), 'utf8')).type ?? ''),
    );
    for (const type of [
      '',
      'baseBodyWithFilter',
      'nonInteractiveEventSingleSection',
      'form',
      'threadMessage',
      'skipMessage',
      'basicCardWithButtonsInSeparateMessage',
    ]) {
      assert.ok(types.has(type), `no golden input of type ${JSON.stringify(type)}`);
    }
    assert.ok(files.some((f) => f.startsWith('event-')));
  });

  for (const file of files.filter((f) => !DIVERGES[f])) {
    it(`writes ${file} byte for byte as Go does`, () => {
      const expected = readFileSync(join(RECORDED, file), 'utf8');
      assert.equal(roundTrip(file, readFileSync(join(INPUT, file), 'utf8')), expected);
    });
  }

  it('keeps the last value of a key given twice (Go merges them)', () => {
    const input = readFileSync(join(INPUT, 'quirk-duplicate-keys.json'), 'utf8');
    assert.equal(
      roundTrip('quirk-duplicate-keys.json', input),
      '{"type":"threadMessage","baseBody":{"plaintext":"from the second baseBody"},"timestamp":"0001-01-01T00:00:00Z",' +
        '"sections":[{"style":{},"description":"second sections array","body":{},"multiSelect":{"description":{}},"selects":{}}]}',
    );
    assert.notEqual(
      roundTrip('quirk-duplicate-keys.json', input),
      readFileSync(join(RECORDED, 'quirk-duplicate-keys.json'), 'utf8'),
    );
  });

  it('the recorded files are what Go writes today', () => {
    const out = scratch();
    execFileSync(goBin('go-golden'), [INPUT, out]);
    for (const file of files)
      assert.equal(readFileSync(join(out, file), 'utf8'), readFileSync(join(RECORDED, file), 'utf8'), file);
  });
});
