import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, type KubectlConfig, KubectlRefusedError, readCommand, splitCommandWords } from '../src/index.js';

const config = (patch: Partial<KubectlConfig> = {}): KubectlConfig => ({ ...structuredClone(DEFAULT_CONFIG), ...patch });
const read = (command: string, patch: Partial<KubectlConfig> = {}) => readCommand(splitCommandWords(command), config(patch));
const refused = (command: string, pattern: RegExp, patch: Partial<KubectlConfig> = {}) =>
  assert.throws(
    () => read(command, patch),
    (error: unknown) => error instanceof KubectlRefusedError && pattern.test(error.message),
    `expected ${JSON.stringify(command)} to be refused with ${pattern}`,
  );

describe('readCommand', () => {
  it('adds -n <defaultNamespace> after the verb unless a namespace is given', () => {
    assert.deepEqual(read('get pods').args, ['get', '-n', 'default', 'pods']);
    assert.deepEqual(read('get pods', { defaultNamespace: 'team' }).args, ['get', '-n', 'team', 'pods']);
    for (const given of [
      'get pods -n x',
      'get pods --namespace=x',
      'get pods --namespace x',
      'get pods -A',
      'get pods --all-namespaces',
      '-n x get pods',
      'get pods -nx',
    ]) {
      assert.deepEqual(read(given).args, splitCommandWords(given), given);
    }
    assert.deepEqual(read('api-resources').args, ['api-resources']);
    assert.deepEqual(read('cluster-info').args, ['cluster-info']);
    assert.deepEqual(read('explain pods.spec').args, ['explain', 'pods.spec']);
  });

  it('refuses every flag that changes identity or target, in every spelling', () => {
    const flags = [
      'kubeconfig',
      'token',
      'as',
      'as-group',
      'as-uid',
      'server',
      'context',
      'user',
      'cluster',
      'certificate-authority',
      'client-certificate',
      'client-key',
      'insecure-skip-tls-verify',
      'tls-server-name',
      'username',
      'password',
      'cache-dir',
    ];
    for (const flag of flags) {
      refused(`get pods --${flag}=x`, new RegExp(`--${flag} is not allowed`));
      refused(`get pods --${flag} x`, new RegExp(`--${flag} is not allowed`));
      refused(`--${flag}=x get pods`, new RegExp(`--${flag} is not allowed`));
    }
    refused('get pods -s https://evil', /-s is not allowed/);
    refused('get pods -shttps://evil', /-s is not allowed/);
    refused('get pods -As https://evil', /-s is not allowed/);
    refused('get pods --kubeconfig=/etc/kubernetes/admin.conf', /--kubeconfig is not allowed: it changes who kubectl is/);
  });

  it('refuses flags that read or write files or change logging', () => {
    refused('get -f /etc/passwd', /-f is not allowed: it reads files/);
    refused('get --filename=/etc/passwd', /--filename is not allowed/);
    refused('get -k dir', /-k is not allowed/);
    refused('get pods -v=9', /-v is not allowed/);
    refused('get pods --log-file=/tmp/x', /--log-file is not allowed/);
    refused('get --raw /api/v1/secrets', /--raw is not allowed/);
    refused('cluster-info dump --output-directory=/tmp/x', /--output-directory is not allowed/);
  });

  it('reads -f of logs as --follow, and streams it', () => {
    assert.equal(read('logs web -f').streams, true);
    assert.equal(read('logs web --follow').streams, true);
    assert.equal(read('logs web -pf').streams, true);
    assert.equal(read('logs web').streams, false);
    assert.equal(read('get pods -w').streams, true);
    assert.equal(read('get pods --watch=false').streams, false);
  });

  it('refuses interactive and unsafe verbs whatever allowed.verbs says', () => {
    const everything = {
      allowed: {
        verbs: [
          'edit',
          'attach',
          'port-forward',
          'proxy',
          'cp',
          'debug',
          'completion',
          'replace',
          'wait',
          'kustomize',
          'config',
          'exec',
        ],
        resources: [],
      },
    };
    for (const verb of [
      'edit',
      'attach',
      'port-forward',
      'proxy',
      'cp',
      'debug',
      'completion',
      'replace',
      'wait',
      'kustomize',
      'config',
    ]) {
      refused(`${verb} pod/x`, new RegExp(`verb ${verb} is not allowed:`), everything);
    }
    for (const flags of ['-it', '-i', '-t', '--stdin', '--tty', '-ti', '--stdin=true']) {
      refused(`exec web ${flags} -- sh`, /is not allowed: a chat is not a terminal/, everything);
    }
    assert.deepEqual(read('exec web -- ls -s', everything).args, ['exec', '-n', 'default', 'web', '--', 'ls', '-s']);
  });

  it('refuses verbs not in allowed.verbs, naming the allowed ones', () => {
    refused('delete pod web', /The verb delete is not allowed here. Allowed verbs: api-resources, api-versions/);
    refused('exec web -- id', /The verb exec is not allowed here/);
    refused('get pods', /Allowed verbs: describe/, { allowed: { verbs: ['describe'], resources: [] } });
    refused('', /Please specify the kubectl command/);
  });

  it('refuses resources not in allowed.resources, whatever their spelling', () => {
    const allowed = { allowed: { verbs: DEFAULT_CONFIG.allowed.verbs, resources: ['pods', 'deployments'] } };
    assert.deepEqual(read('get po', allowed).resources, ['pods']);
    assert.deepEqual(read('get Pods.v1.', allowed).resources, ['pods']);
    assert.deepEqual(read('get pod/a deploy/b', allowed).resources, ['pods', 'deployments']);
    assert.deepEqual(read('logs web', allowed).resources, ['pods']);
    refused('get svc', /resource type services is not allowed here. Allowed resources: pods, deployments/, allowed);
    refused('get pods,secrets', /resource type secrets/, allowed);
    refused('get pod/a cm/b', /resource type configmaps/, allowed);
    refused('logs deploy/x', /./, { allowed: { verbs: ['logs'], resources: ['pods'] } });
    refused('get -- secrets', /resource type secrets/, allowed);
  });

  it('asks for --flag=value where it cannot tell whether a flag takes a value', () => {
    refused('get --log-flush-frequency get edit', /--log-flush-frequency is not allowed/);
    refused('get pods --frobnicate x', /--frobnicate is not one this plugin knows: write it as --frobnicate=<value>/);
    assert.deepEqual(read('get pods --frobnicate=x').args, ['get', '-n', 'default', 'pods', '--frobnicate=x']);
    refused('-o yaml get pods', /Put the flag -o after the verb/);
  });

  it('knows when a command may name Secrets', () => {
    for (const command of [
      'get secrets',
      'get secret/x',
      'get SECRET x',
      'get secrets.v1.',
      'get sec',
      'get pods,secrets',
      'describe secret x',
      'get all,secret -o yaml',
    ]) {
      assert.equal(read(command).mentionsSecrets, true, command);
    }
    assert.equal(read('get pods').mentionsSecrets, false);
    assert.equal(read('get all').mentionsSecrets, false);
  });
});
