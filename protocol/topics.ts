/** MQTT topic builders and parsers. The root is `hanoi` unless configured otherwise. */
export const DEFAULT_TOPIC_ROOT = 'hanoi';

export const trafficTopic = (detectorId: string, root = DEFAULT_TOPIC_ROOT): string => `${root}/traffic/${detectorId}`;
export const trafficTopicPattern = (root = DEFAULT_TOPIC_ROOT): string => `${root}/traffic/+`;

/** Returns the detector id of a traffic topic, or null when the topic is not one. */
export function parseTrafficTopic(topic: string, root = DEFAULT_TOPIC_ROOT): string | null {
  const prefix = `${root}/traffic/`;
  if (!topic.startsWith(prefix)) return null;
  const id = topic.slice(prefix.length);
  return id.length > 0 && !id.includes('/') ? id : null;
}

/** `hanoi/<feed>/<deviceId>` for the device feeds (signals, cameras, units, network). */
export const deviceTopic = (feed: string, deviceId: string, root = DEFAULT_TOPIC_ROOT): string =>
  `${root}/${feed}/${deviceId}`;
export const deviceTopicPattern = (feed: string, root = DEFAULT_TOPIC_ROOT): string => `${root}/${feed}/+`;

/** Returns the device id of a topic of `feed`, or null when the topic is not one. */
export function parseDeviceTopic(topic: string, feed: string, root = DEFAULT_TOPIC_ROOT): string | null {
  const prefix = `${root}/${feed}/`;
  if (!topic.startsWith(prefix)) return null;
  const id = topic.slice(prefix.length);
  return id.length > 0 && !id.includes('/') ? id : null;
}
