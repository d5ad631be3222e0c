/** Starts plugins with chatkube's host for a test, and stops them when it ends. */
import { after } from 'node:test';
import { type ConnectOptions, GrpcExecutorClient, GrpcSourceClient, PluginConnection } from 'chatkube';

const open = new Set<PluginConnection>();
after(() => Promise.all([...open].map((c) => c.close())));

export async function connect(path: string, options: Partial<ConnectOptions> = {}): Promise<PluginConnection> {
  const connection = await PluginConnection.connect({ name: options.name ?? 'test-plugin', path, ...options });
  open.add(connection);
  return connection;
}

export async function executor(path: string, options: Partial<ConnectOptions> = {}) {
  const connection = await connect(path, options);
  return { connection, client: new GrpcExecutorClient(connection) };
}

export async function source(path: string, options: Partial<ConnectOptions> = {}) {
  const connection = await connect(path, options);
  return { connection, client: new GrpcSourceClient(connection) };
}

/** All updates of an execute call. */
export async function collect<T>(iterable: AsyncIterable<T>, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
    if (items.length >= limit) break;
  }
  return items;
}
