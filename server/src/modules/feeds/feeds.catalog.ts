import { z } from 'zod';
import {
  trafficExample,
  trafficReadingSchema,
  trafficTopic,
  trafficTopicPattern,
  type FeedCatalogEntry,
} from '../../../../protocol/index.js';

/** Every feed the centre accepts, with its JSON Schema (generated from the zod schema) and an example. */
export function feedCatalog(topicRoot: string): FeedCatalogEntry[] {
  return [
    {
      name: 'traffic',
      title: 'Road-segment traffic detectors (FIWARE TrafficFlowObserved)',
      transport: 'mqtt',
      topic: trafficTopicPattern(topicRoot).replace('+', '<detectorId>'),
      exampleTopic: trafficTopic('det-le-duan-01', topicRoot),
      qos: 1,
      schema: z.toJSONSchema(trafficReadingSchema, { io: 'input', unrepresentable: 'any' }),
      example: trafficExample,
    },
  ];
}
