/**
 * Review findings of the program runner the exec, helm and kubectl
 * executors share (`runCommand` of @chatkube/plugin).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandTimeoutError, runCommand } from '@chatkube/plugin';

describe('finding R1: runCommand with a signal aborted before the program starts runs it to its timeout', () => {
  it('does not run (or at once stops) a program whose call is already cancelled', async () => {
    const cancelled = new AbortController();
    cancelled.abort();
    // A call cancelled while its kubeconfig was being written reaches runCommand like this.
    const outcome = await runCommand([process.execPath, '-e', 'setTimeout(() => {}, 60_000)'], {
      signal: cancelled.signal,
      timeoutMs: 1500,
    }).then(
      (result) => result,
      (error: unknown) => error,
    );
    assert.ok(
      !(outcome instanceof CommandTimeoutError),
      'the program ran until its timeout although its call was cancelled before it started',
    );
  });
});
