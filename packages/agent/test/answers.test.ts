import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_ANSWER, shapeAnswer } from '../src/commands/answers.js';
import { describeFailure, formatDuration } from '../src/commands/failures.js';
import { PluginDeactivatedError, PluginExitedError } from '../src/errors.js';

const options = { filter: undefined, interactive: true, command: 'kubectl get pods' };

describe('shapeAnswer', () => {
  it('sends nothing for skipMessage', () => {
    assert.equal(shapeAnswer({ type: 'skipMessage', baseBody: { plaintext: 'x' } }, options), undefined);
  });

  it('keeps only the filtered body of baseBodyWithFilter', () => {
    const shaped = shapeAnswer(
      { type: 'baseBodyWithFilter', baseBody: { codeBlock: 'a1\nb2\na3' }, sections: [{ header: 'dropped' }] },
      { ...options, filter: 'a' },
    );
    assert.deepEqual(shaped, { baseBody: { codeBlock: 'a1\na3' } });
  });

  it('offers a filter box under long output on interactive platforms only', () => {
    const long = {
      type: 'baseBodyWithFilter' as const,
      baseBody: { codeBlock: Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') },
    };
    const shaped = shapeAnswer(long, options);
    assert.equal(shaped?.plaintextInputs?.[0]?.command, '{{BotName}} kubectl get pods --filter=');
    assert.equal(shapeAnswer(long, { ...options, interactive: false })?.plaintextInputs, undefined);
  });

  it('says so when the answer is empty, and drops empty extra messages', () => {
    assert.deepEqual(shapeAnswer({}, options), { baseBody: { plaintext: EMPTY_ANSWER } });
    assert.deepEqual(shapeAnswer({ type: 'baseBodyWithFilter', baseBody: { codeBlock: 'x' } }, { ...options, filter: 'zz' }), {
      baseBody: { plaintext: EMPTY_ANSWER },
    });
    assert.equal(shapeAnswer({}, { ...options, extra: true }), undefined);
  });

  it('passes other messages through unchanged', () => {
    const message = { sections: [{ header: 'h', buttons: [{ name: 'b', command: 'c' }] }] };
    assert.equal(shapeAnswer(message, options), message);
  });
});

describe('failures in plain words', () => {
  it('formats durations for people', () => {
    assert.deepEqual([500, 1500, 3000, 60_000, 90_000, 300_000].map(formatDuration), [
      '500ms',
      '1.5s',
      '3s',
      '1m',
      '1m30s',
      '5m',
    ]);
  });

  it('explains a crash, a deactivation and a plugin error', () => {
    assert.match(
      describeFailure('echo', new PluginExitedError('plugin echo exited with code 2\nstderr…')),
      /^echo stopped while running the command: plugin echo exited with code 2\. It is being started/,
    );
    assert.match(describeFailure('echo', new PluginDeactivatedError('x')), /^echo is deactivated/);
    assert.equal(describeFailure('echo', new Error('bad flag')), 'echo failed: bad flag');
  });
});
