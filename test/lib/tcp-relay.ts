/**
 * A TCP relay to a local port whose link can be cut: a network outage
 * between a browser and the agent, while the agent itself keeps running.
 * Cut, it drops every open connection and refuses new ones (accepts and
 * closes them at once, as a broken link would look to the browser).
 */
import { once } from 'node:events';
import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';
import { after } from 'node:test';

export class TcpRelay {
  /** `http://127.0.0.1:<relay port>`, to use instead of the target's URL. */
  readonly url: string;
  readonly #server: Server;
  readonly #open = new Set<Socket>();
  #cut = false;

  private constructor(server: Server, targetPort: number) {
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('connection', (client: Socket) => {
      if (this.#cut) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.#open.add(from);
        from.pipe(to);
        from.on('error', () => to.destroy());
        from.on('close', () => {
          this.#open.delete(from);
          to.destroy();
        });
      }
    });
  }

  /** Relays to `127.0.0.1:targetPort` from a free port; closed when the test file ends. */
  static async start(targetPort: number): Promise<TcpRelay> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const relay = new TcpRelay(server, targetPort);
    after(() => relay.close());
    return relay;
  }

  /** Drops every connection and refuses new ones until `restore()`. */
  cut(): void {
    this.#cut = true;
    for (const socket of this.#open) socket.destroy();
  }

  restore(): void {
    this.#cut = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
