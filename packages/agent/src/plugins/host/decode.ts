import { decodeEvent, decodeMessage, type Event, type Message } from '@chatkube/api';
import { PluginResponseError } from '../../errors.js';

function decoding<T>(decode: (json: Uint8Array) => T, kind: string) {
  return (json: Uint8Array, plugin: string, what: string): T => {
    try {
      return decode(json);
    } catch (error) {
      throw new PluginResponseError(`plugin ${plugin} answered ${what} with an invalid ${kind}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
}

/** A plugin's message JSON, or a coded error naming the plugin and the call. */
export const messageFrom: (json: Uint8Array, plugin: string, what: string) => Message = decoding(decodeMessage, 'message');

/** A plugin's event JSON, or a coded error naming the plugin and the call. */
export const eventFrom: (json: Uint8Array, plugin: string, what: string) => Event = decoding(decodeEvent, 'event');
