import mqtt, { type MqttClient } from 'mqtt';
import { unitCommandTopic, type UnitCommand } from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';

export interface CommandPublisher {
  /** Resolves once the broker has acknowledged the command (QoS 1); rejects after `timeoutMs`. */
  send(unitId: string, command: UnitCommand): Promise<void>;
  close(): Promise<void>;
}

/**
 * Commands to units on `<root>/units/<unitId>/commands`, QoS 1, on a connection of their own (the
 * server's subscriber acknowledges messages by hand and must not carry publishes). A command is a
 * level below the unit's feed topic, so the units feed's `<root>/units/+` never takes it for a report.
 */
export async function createCommandPublisher(opts: {
  url: string;
  clientId: string;
  topicRoot: string;
  timeoutMs?: number;
  log: Logger;
}): Promise<CommandPublisher> {
  const log = opts.log.child({ scope: 'unit-commands' });
  const client: MqttClient = await mqtt.connectAsync(opts.url, {
    clientId: opts.clientId,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 5000,
  });
  client.on('error', (err) => log.warn({ err: err.message }, 'MQTT error'));
  const timeoutMs = opts.timeoutMs ?? 5000;
  return {
    async send(unitId, command) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no PUBACK within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([
          client.publishAsync(unitCommandTopic(unitId, opts.topicRoot), JSON.stringify(command), { qos: 1 }),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => client.endAsync(),
  };
}
