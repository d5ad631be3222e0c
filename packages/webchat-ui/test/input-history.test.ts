import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputHistory } from '../src/input-history.js';

describe('InputHistory', () => {
  it('goes up through older commands and down back to the draft', () => {
    const history = new InputHistory(['one', 'two']);
    assert.equal(history.up('draft'), 'two');
    assert.equal(history.up('two'), 'one');
    assert.equal(history.up('one'), undefined, 'nothing older');
    assert.equal(history.down(), 'two');
    assert.equal(history.down(), 'draft');
    assert.equal(history.down(), undefined, 'already at the draft');
  });

  it('records sent commands once in a row, and starts over from an empty draft', () => {
    const history = new InputHistory();
    assert.equal(history.up(''), undefined);
    history.push('a');
    history.push('a');
    history.push('');
    history.push('b');
    assert.deepEqual(history.items(), ['a', 'b']);
    assert.equal(history.up('x'), 'b');
    history.push('c');
    assert.equal(history.down(), undefined);
    assert.equal(history.up(''), 'c');
  });
});
