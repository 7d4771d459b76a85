import { createServer, type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from '../log.js';

export interface EmbeddedBroker {
  url: string;
  close(): Promise<void>;
}

/** The embedded MQTT broker (aedes) on loopback; real devices can publish to it. */
export async function startEmbeddedBroker(opts: { host: string; port: number; log: Logger }): Promise<EmbeddedBroker> {
  const log = opts.log.child({ scope: 'broker' });
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `mqtt://${opts.host}:${port}`;
  broker.on('clientError', (client, err) => log.debug({ client: client.id, err: err.message }, 'mqtt client error'));
  log.info({ url }, 'embedded MQTT broker (aedes) listening');
  return {
    url,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
