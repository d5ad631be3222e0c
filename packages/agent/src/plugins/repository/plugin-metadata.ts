/** Starts a plugin executable to ask for its metadata, and stops it. */
import type { SourceMetadata } from '@chatkube/api';
import type { Logger } from '../../logging.js';
import { PluginConnection } from '../host/connection.js';
import { GrpcExecutorClient } from '../host/executor-client.js';
import { GrpcSourceClient } from '../host/source-client.js';
import type { PluginType } from './index-types.js';

export async function readPluginMetadata(type: PluginType, path: string, logger: Logger): Promise<SourceMetadata> {
  const connection = await PluginConnection.connect({ name: path, path, logger, callTimeoutMs: 30_000 });
  try {
    return type === 'executor'
      ? await new GrpcExecutorClient(connection).metadata()
      : await new GrpcSourceClient(connection).metadata();
  } finally {
    await connection.close();
  }
}
