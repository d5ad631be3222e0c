import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeMessage } from '@chatkube/api';
import { CardTemplates, commandOptions, eventCard } from '../src/card.js';
import { compileConfig } from '../src/config.js';
import { checkNodeEvent, notificationsDisabled } from '../src/filters.js';
import { goTime, newKubeEvent } from '../src/kube-event.js';

const GET_HELP = {
  enabled: true,
  trigger: { type: ['error'] },
  button: {
    displayName: 'Get Help',
    commandTpl:
      "doctor --resource={{ .Kind | lower }}/{{ .Name }} --namespace={{ .Namespace }} --error={{ .Reason }} --bk-cmd-header='AI assistance'",
  },
};

const errorEvent = () =>
  newKubeEvent({
    apiVersion: 'v1',
    kind: 'Pod',
    name: 'web-1',
    namespace: 'shop',
    type: 'error',
    resource: 'v1/pods',
    timeStamp: '2026-12-01T10:00:00Z',
    cluster: 'prod',
    reason: 'BackOff',
    messages: ['Back-off restarting failed container'],
  });

describe('eventCard', () => {
  it("is Botkube's single section on non-interactive platforms", () => {
    const warnings: string[] = [];
    const config = compileConfig([{ extraButtons: [GET_HELP] }]).raw;
    const message = eventCard(errorEvent(), {
      interactive: false,
      config,
      templates: new CardTemplates((t) => warnings.push(t)),
    });
    assert.deepEqual(message, {
      type: 'nonInteractiveEventSingleSection',
      timestamp: '2026-12-01T10:00:00Z',
      sections: [
        {
          header: '❗ v1/pods error',
          textFields: [
            { key: 'Kind', value: 'Pod' },
            { key: 'Name', value: 'web-1' },
            { key: 'Namespace', value: 'shop' },
            { key: 'Reason', value: 'BackOff' },
            { key: 'Cluster', value: 'prod' },
          ],
          bulletLists: [{ title: 'Messages', items: ['Back-off restarting failed container'] }],
        },
      ],
    });
    assert.deepEqual(warnings, []);
  });

  it("renders Botkube's Get Help button as Go does, and the Run command select", () => {
    const config = compileConfig([{ extraButtons: [GET_HELP] }]).raw;
    const message = eventCard(errorEvent(), { interactive: true, config, templates: new CardTemplates(assert.fail) });
    assert.equal(message.type, undefined);
    const actions = message.sections?.[1];
    assert.deepEqual(actions?.buttons, [
      {
        name: 'Get Help',
        command: "{{BotName}} doctor --resource=pod/web-1 --namespace=shop --error=BackOff --bk-cmd-header='AI assistance'",
        style: 'primary',
      },
    ]);
    const select = actions?.selects?.items?.[0];
    assert.equal(select?.name, 'Run command...');
    assert.equal(select?.command, '{{BotName}} kubectl');
    assert.deepEqual(select?.optionGroups?.[0]?.options, [
      { name: 'describe', value: 'describe pods web-1 --namespace shop' },
      { name: 'get', value: 'get pods web-1 --namespace shop' },
      { name: 'logs', value: 'logs pods/web-1 --namespace shop' },
      { name: 'top', value: 'top pods web-1 --namespace shop' },
    ]);
    // The JSON is Go's: sections and the select's option group in Botkube's shape.
    const json = JSON.parse(encodeMessage(message)) as { sections: { selects: { items: { optionGroups: unknown[] }[] } }[] };
    assert.equal(json.sections[1]?.selects.items[0]?.optionGroups.length, 1);
  });

  it('has no commands for delete events, nor for resources not in commands.resources; buttons only for their trigger types', () => {
    const config = compileConfig([{ extraButtons: [GET_HELP], commands: { verbs: ['get'], resources: ['deployments'] } }]).raw;
    const deleted = { ...errorEvent(), Type: 'delete' as const };
    assert.deepEqual(commandOptions(deleted, compileConfig([]).raw.commands), []);
    assert.deepEqual(commandOptions(errorEvent(), config.commands), [], 'pods are not in commands.resources');
    const created = { ...errorEvent(), Type: 'create' as const, Level: 'success' as const, Title: 'v1/pods created' };
    const message = eventCard(created, { interactive: true, config, templates: new CardTemplates(assert.fail) });
    assert.equal(message.sections?.length, 1, 'no button (trigger is error) and no command: no second section');
    assert.equal(message.sections?.[0]?.header, '🟢 v1/pods created');
    const node = { ...created, Kind: 'Node', Namespace: '', Resource: 'v1/nodes', Name: 'n1' };
    assert.deepEqual(commandOptions(node, { verbs: ['get', 'top', 'logs'], resources: ['nodes'] }), [
      { name: 'get', value: 'get nodes n1' },
      { name: 'top', value: 'top nodes n1' },
    ]);
  });

  it('renders a resource messageTemplate; a broken template is left out with one warning', () => {
    const warnings: string[] = [];
    const templates = new CardTemplates((text) => warnings.push(text));
    const config = compileConfig([]).raw;
    const message = eventCard(errorEvent(), {
      interactive: false,
      config,
      templates,
      messageTemplate: { title: '{{ .Kind }} {{ .Name }} is failing', body: '{{ index .Messages 0 | upper }}' },
    });
    assert.equal(message.sections?.[0]?.header, '❗ Pod web-1 is failing');
    assert.deepEqual(message.sections?.[0]?.body, { plaintext: 'BACK-OFF RESTARTING FAILED CONTAINER' });
    const broken = eventCard(errorEvent(), { interactive: false, config, templates, messageTemplate: { title: '{{ .Kind ' } });
    assert.equal(broken.sections?.[0]?.header, '❗ v1/pods error');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /messageTemplate\.title is not a valid template/);
  });
});

describe('filters', () => {
  it('honours botkube.io/disable and chatkube.io/disable', () => {
    assert.equal(notificationsDisabled({ 'botkube.io/disable': 'true' }), true);
    assert.equal(notificationsDisabled({ 'chatkube.io/disable': 'true' }), true);
    assert.equal(notificationsDisabled({ 'botkube.io/disable': 'false' }), false);
    assert.equal(notificationsDisabled(undefined), false);
  });

  it('keeps only NodeNotReady and NodeReady node events', () => {
    const node = (reason: string) => ({
      ...errorEvent(),
      Kind: 'Node',
      Reason: reason,
      Type: 'update' as const,
      Level: 'info' as const,
    });
    const notReady = node('NodeNotReady');
    assert.equal(checkNodeEvent(notReady, false), true);
    assert.equal(notReady.Type, 'error');
    const ready = node('NodeReady');
    assert.equal(checkNodeEvent(ready, false), true);
    assert.equal(ready.Type, 'info');
    assert.equal(checkNodeEvent(node(''), false), false);
    assert.equal(checkNodeEvent(node(''), true), true, 'core Events about nodes are not this filter’s');
    assert.equal(checkNodeEvent(errorEvent(), false), true);
  });
});

describe('kube events', () => {
  it("writes times as Go's time.Time does", () => {
    assert.equal(goTime(new Date('2026-12-01T10:00:00.000Z')), '2026-12-01T10:00:00Z');
    assert.equal(goTime(new Date('2026-12-01T10:00:00.120Z')), '2026-12-01T10:00:00.12Z');
  });

  it("has Botkube's keys, in order, and titles", () => {
    const event = newKubeEvent({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'd',
      namespace: 'n',
      type: 'update',
      resource: 'apps/v1/deployments',
      timeStamp: 'T',
      cluster: 'c',
    });
    assert.deepEqual(Object.keys(event), [
      'APIVersion',
      'Kind',
      'Code',
      'Title',
      'Name',
      'Namespace',
      'Messages',
      'Type',
      'Reason',
      'Error',
      'Level',
      'Cluster',
      'Channel',
      'TimeStamp',
      'Count',
      'Action',
      'Resource',
      'Recommendations',
      'Warnings',
      'Actions',
    ]);
    assert.equal(event.Title, 'apps/v1/deployments updated');
    assert.equal(event.Level, 'info');
    assert.equal(event.Messages, null);
  });
});
