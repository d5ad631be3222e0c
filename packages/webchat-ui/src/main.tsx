/** The page's entry point: wires storage, the API client and the token form, then renders. */
import { render } from 'preact';
import { WebchatApiClient } from './api-client.js';
import { App } from './app.js';
import { Preferences } from './preferences.js';
import { TokenBroker } from './token-broker.js';

function storage(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return window[name];
  } catch {
    // Blocked by the browser's settings: nothing is remembered.
    return undefined;
  }
}

const prefs = new Preferences(storage('localStorage'), storage('sessionStorage'));
const tokens = new TokenBroker(prefs);
const api = new WebchatApiClient({ pageUrl: document.baseURI, tokens });
const root = document.getElementById('app');
if (root) render(<App api={api} prefs={prefs} tokens={tokens} />, root);
