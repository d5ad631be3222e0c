export { version, type WebhookConfig, webhook } from './plugin.js';
