import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from '../log.js';

/** Resolves once the message is safely stored (committed or quarantined); only then is it acknowledged. */
export type MessageHandler = (topic: string, payload: Buffer) => Promise<void>;

export interface Subscriber {
  isConnected(): boolean;
  close(): Promise<void>;
}

/** Tells mqtt.js not to send its own PUBACK: we send it after the commit. */
const DEFERRED_ACK = new Error('ack deferred until commit');

interface PacketSender {
  _sendPacket(packet: { cmd: 'puback'; messageId: number }, cb?: () => void): void;
}

/**
 * The server's MQTT subscription. A persistent session (clean: false, fixed client id) keeps QoS 1
 * messages at the broker while the server is away; each message is acknowledged only after
 * `handle` resolves, i.e. after the database committed it. mqtt.js hands messages over one at a
 * time and would wait for each commit; we let up to `maxInFlight` wait together so the pipeline
 * can write them in batches, and stop reading from the socket beyond that (backpressure).
 */
export async function startSubscriber(opts: {
  url: string;
  clientId: string;
  patterns: string[];
  shareGroup: string | undefined;
  maxInFlight: number;
  handle: MessageHandler;
  log: Logger;
}): Promise<Subscriber> {
  const log = opts.log.child({ scope: 'mqtt' });
  const topics = opts.patterns.map((p) => (opts.shareGroup ? `$share/${opts.shareGroup}/${p}` : p));
  const client: MqttClient = mqtt.connect(opts.url, {
    clientId: opts.clientId,
    clean: false,
    reconnectPeriod: 1000,
    connectTimeout: 5000,
  });
  let inFlight = 0;
  const waiting: Array<() => void> = [];

  client.handleMessage = (packet: IPublishPacket, callback: (err?: Error) => void) => {
    const stream = client.stream;
    const { messageId, qos } = packet;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    inFlight++;
    opts
      .handle(packet.topic, payload)
      .then(
        () => {
          // A message from a connection that has since dropped is redelivered by the broker; don't
          // acknowledge its packet id on the new connection.
          if (qos > 0 && messageId !== undefined && client.stream === stream && client.connected) {
            (client as unknown as PacketSender)._sendPacket({ cmd: 'puback', messageId });
          }
        },
        (err: Error) => log.error({ err: err.message, topic: packet.topic }, 'message not stored; left unacknowledged'),
      )
      .finally(() => {
        inFlight--;
        waiting.shift()?.();
      });
    const next = () => callback(qos > 0 ? DEFERRED_ACK : undefined);
    if (inFlight < opts.maxInFlight) next();
    else waiting.push(next);
  };

  client.on('connect', (connack) => {
    log.info({ url: opts.url, sessionPresent: connack.sessionPresent }, 'connected to MQTT broker');
    client.subscribe(topics, { qos: 1 }, (err) => {
      if (err) log.error({ err: err.message, topics }, 'subscribe failed');
      else log.info({ topics }, 'subscribed');
    });
  });
  client.on('offline', () => log.warn({ url: opts.url }, 'MQTT broker unreachable; retrying'));
  client.on('error', (err) => log.warn({ err: err.message }, 'MQTT error'));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`MQTT broker ${opts.url} did not answer within 10 s`)), 10_000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  }).catch(async (err) => {
    await client.endAsync(true);
    throw err;
  });

  return {
    isConnected: () => client.connected,
    async close() {
      await client.endAsync();
    },
  };
}
