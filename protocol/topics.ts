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
