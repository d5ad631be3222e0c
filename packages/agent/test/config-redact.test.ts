import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, looksSecret, REDACTED, redactConfig } from '../src/config/index.js';
import { fixture, rawAt } from './config-fixtures.js';

/** Every secret written in the fixtures, as it is written there (or a distinctive part of it). */
const SECRETS = [
  'SLACKBOTTOKEN',
  'SLACKAPPTOKEN',
  'MATTERMOST-PERSONAL-ACCESS-TOKEN',
  'DISCORD-BOT-TOKEN',
  'ELASTIC-PASSWORD',
  'PAGERDUTY-INTEGRATION-KEY',
  'REPOSITORY-HEADER-TOKEN',
  'sk-botkube-doctor',
  'webhook-bearer-7f3a9c',
  'github-hmac-2b8e41',
  'ghp_plugin-config-token',
  'nested-api-key',
  'nested-password',
  'webchat-auth-token',
  'repository-api-key',
];

describe('redactConfig', () => {
  const botkube = loadConfig({ files: [fixture('botkube.yaml')], env: {} }).config.raw;
  const chatkube = loadConfig({ files: [fixture('chatkube.yaml')], env: {} }).config.raw;

  it('leaves no secret anywhere in the output', () => {
    const text = JSON.stringify([redactConfig(botkube), redactConfig(chatkube)]);
    for (const secret of SECRETS) {
      assert.ok(JSON.stringify([botkube, chatkube]).includes(secret), `the fixtures hold ${secret}`);
      assert.ok(!text.includes(secret), `${secret} survived`);
    }
  });

  it('replaces each secret at its place and keeps everything else', () => {
    const redacted = redactConfig(chatkube);
    assert.equal(rawAt(redacted, 'settings', 'webchat', 'authToken'), REDACTED);
    assert.equal(rawAt(redacted, 'sources', 'alerts', 'webhook', 'bearerToken'), REDACTED);
    assert.equal(rawAt(redacted, 'sources', 'github', 'webhook', 'hmacSecret'), REDACTED);
    assert.equal(rawAt(redacted, 'sources', 'github', 'webhook', 'hmacHeader'), 'X-Hub-Signature-256');
    const config = ['sources', 'github', 'chatkube/webhook', 'config'];
    assert.deepEqual(rawAt(redacted, ...config), {
      githubToken: REDACTED,
      nested: { apiKey: REDACTED, password: REDACTED, publicName: 'visible-value' },
    });
    assert.equal(rawAt(redacted, 'plugins', 'repositories', 'botkube', 'headers', 'X-Api-Key'), REDACTED);
    assert.equal(rawAt(redacted, 'settings', 'clusterName'), 'staging');
    assert.deepEqual(rawAt(redacted, 'communications'), rawAt(chatkube, 'communications'));
    const slack = rawAt(redactConfig(botkube), 'communications', 'default-group', 'socketSlack');
    assert.equal(rawAt(slack, 'botToken'), REDACTED);
    assert.equal(rawAt(slack, 'appToken'), REDACTED);
    assert.equal(rawAt(slack, 'channels', 'default', 'name'), 'botkube');
  });

  it('does not modify its input, and leaves unset secrets visible as unset', () => {
    const before = structuredClone(chatkube);
    redactConfig(chatkube);
    assert.deepEqual(chatkube, before);
    const unset = redactConfig({ settings: { webchat: { authToken: '' } }, communications: { g: { discord: { token: null } } } });
    assert.deepEqual(unset, { settings: { webchat: { authToken: '' } }, communications: { g: { discord: { token: null } } } });
  });

  it('removes passwords written into URLs', () => {
    const redacted = redactConfig({
      communications: { g: { webhook: { url: 'https://user:hunter2@hooks.example.com/path?x=1' } } },
      plugins: { repositories: { r: { url: 'https://bot:pa55@example.com/index.yaml' } } },
    });
    assert.ok(!JSON.stringify(redacted).includes('hunter2'));
    assert.ok(!JSON.stringify(redacted).includes('pa55'));
    assert.equal(rawAt(redacted, 'communications', 'g', 'webhook', 'url'), `https://user:${REDACTED}@hooks.example.com/path?x=1`);
  });

  it('knows secret-looking names', () => {
    for (const name of ['token', 'apiKey', 'APIKEY', 'password', 'clientSecret', 'integrationKey', 'accessToken']) {
      assert.ok(looksSecret(name), name);
    }
    for (const name of ['name', 'tokens', 'keyspace', 'secretName', 'url', 'enabled']) assert.ok(!looksSecret(name), name);
  });
});
