import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanUsername, Preferences, randomGuestName } from '../src/preferences.js';

/** A Storage over a Map; with `broken`, every call throws as a blocked storage does. */
function storage(broken = false): Storage {
  const values = new Map<string, string>();
  const guard = () => {
    if (broken) throw new DOMException('blocked', 'SecurityError');
  };
  return {
    get length() {
      return values.size;
    },
    clear: () => values.clear(),
    key: (index) => [...values.keys()][index] ?? null,
    getItem: (key) => {
      guard();
      return values.get(key) ?? null;
    },
    setItem: (key, value) => {
      guard();
      values.set(key, value);
    },
    removeItem: (key) => void values.delete(key),
  };
}

describe('usernames', () => {
  it('a guest name is guest- and four letters or digits', () => {
    assert.match(randomGuestName(), /^guest-[a-z2-9]{4}$/);
    assert.equal(
      randomGuestName(() => 0),
      'guest-aaaa',
    );
    assert.equal(
      randomGuestName(() => 0.999),
      'guest-9999',
    );
  });

  it('a chosen name is trimmed; empty, too long or control characters are refused', () => {
    assert.equal(cleanUsername('  alice '), 'alice');
    assert.equal(cleanUsername('   '), undefined);
    assert.equal(cleanUsername('x'.repeat(41)), undefined);
    assert.equal(cleanUsername('a\nb'), undefined);
    assert.equal(cleanUsername('x'.repeat(40)), 'x'.repeat(40));
  });
});

describe('Preferences', () => {
  it('keeps the guest name it made, the chosen name, and the token per tab', () => {
    const local = storage();
    const session = storage();
    const prefs = new Preferences(local, session);
    const guest = prefs.username();
    assert.equal(new Preferences(local, storage()).username(), guest, 'the same guest name on the next visit');
    prefs.setUsername('alice');
    assert.equal(new Preferences(local, storage()).username(), 'alice');
    assert.equal(prefs.token(), undefined);
    prefs.setToken('sesame');
    assert.equal(new Preferences(storage(), session).token(), 'sesame');
  });

  it('keeps the last 100 commands and ignores a history that is not a list of strings', () => {
    const local = storage();
    const prefs = new Preferences(local, undefined);
    prefs.setCommandHistory(Array.from({ length: 120 }, (_, i) => `c${i}`));
    const kept = prefs.commandHistory();
    assert.equal(kept.length, 100);
    assert.deepEqual([kept[0], kept.at(-1)], ['c20', 'c119']);
    local.setItem('chatkube.webchat.history', '{"not":"a list"}');
    assert.deepEqual(prefs.commandHistory(), []);
    local.setItem('chatkube.webchat.history', '["a", 1, "b"');
    assert.deepEqual(prefs.commandHistory(), []);
  });

  it('works without storage, or with storage that throws', () => {
    for (const prefs of [new Preferences(undefined, undefined), new Preferences(storage(true), storage(true))]) {
      assert.match(prefs.username(), /^guest-/);
      prefs.setUsername('bob');
      prefs.setToken('t');
      assert.equal(prefs.token(), undefined);
      assert.deepEqual(prefs.commandHistory(), []);
    }
  });
});
