import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandButton, options, staticSelect, textInput } from '@chatkube/api';
import { renderText } from '../src/cli/render-text.js';

describe('renderText', () => {
  it('renders bodies, sections and interactive elements as text', () => {
    const text = renderText({
      baseBody: { codeBlock: 'pods' },
      sections: [
        {
          header: 'Pod crashed',
          textFields: [{ key: 'Namespace', value: 'default' }],
          bulletLists: [{ title: 'Messages', items: ['Back-off'] }],
          buttons: [commandButton('Logs', 'kubectl logs p')],
          selects: { items: [staticSelect('Verb', 'kubectl', [{ name: 'v', options: options('get', 'describe') }])] },
          plaintextInputs: [textInput('Filter', 'logs --filter=', { placeholder: 'text' })],
          context: [{ text: 'just now' }],
        },
      ],
    });
    assert.equal(
      text,
      'pods\n\n# Pod crashed\nNamespace: default\nMessages:\n  • Back-off\n[Logs] → kubectl logs p\nVerb (kubectl <choice>): get | describe\n' +
        '[Filter: text] → logs --filter= "<text>"\njust now',
    );
  });

  it('renders nothing for skipMessage and says so for an empty answer', () => {
    assert.equal(renderText({ type: 'skipMessage', baseBody: { plaintext: 'x' } }), '');
    assert.equal(renderText({}), '(empty answer)');
  });
});
