/**
 * Review findings of the program runner the exec, helm and kubectl
 * executors share (`runCommand` of @chatkube/plugin).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandTimeoutError, runCommand } from '@chatkube/plugin';
import { createExec, type ToolConfig } from '../src/index.js';

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

describe("finding E1: allowedArgs patterns match each word alone, so a value pattern such as the README's [a-z0-9-]+ also lets flags through", () => {
  // The flux tool of plugins/exec/README.md, with a stand-in that prints its arguments.
  const flux: ToolConfig = {
    name: 'flux',
    command: '/bin/echo',
    allowedArgs: ['get', 'kustomizations|ks|sources|helmreleases', '-A|--all-namespaces', '-n', '[a-z0-9-]+'],
  };
  for (const command of [
    'exec flux get ks --as admin',
    'exec flux get ks --as-group cluster-admins',
    'exec flux get ks --context prod',
    'exec flux get ks --user admin',
    'exec flux get ks --insecure-skip-tls-verify',
  ]) {
    it(`refuses ${command} (it changes which identity or cluster the tool uses)`, async () => {
      await assert.rejects(
        createExec().execute(
          {
            command,
            configs: [{ tools: [flux] }],
            context: { isInteractivitySupported: false, incomingWebhook: { baseSourceURL: '' } },
          },
          new AbortController().signal,
        ),
        /not allowed/,
      );
    });
  }
});
