import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type TokenAsk, TokenBroker } from '../src/token-broker.js';

describe('TokenBroker', () => {
  it('shows the form once for every waiting request and resumes them all with the entered token', async () => {
    let saved: string | undefined;
    const broker = new TokenBroker({ token: () => saved, setToken: (t) => (saved = t) });
    const asks: TokenAsk[] = [];
    broker.listen((ask) => asks.push(ask));
    const first = broker.request(false);
    const second = broker.request(true);
    broker.submit('sesame');
    assert.deepEqual(await Promise.all([first, second]), ['sesame', 'sesame']);
    assert.equal(broker.current(), 'sesame');
    assert.deepEqual(asks, [undefined, { rejected: false }, { rejected: true }, undefined]);
  });

  it('tells a listener that comes late about the open ask', () => {
    const broker = new TokenBroker({ token: () => undefined, setToken: () => {} });
    void broker.request(true);
    let seen: TokenAsk;
    broker.listen((ask) => {
      seen = ask;
    });
    assert.deepEqual(seen, { rejected: true });
  });
});
