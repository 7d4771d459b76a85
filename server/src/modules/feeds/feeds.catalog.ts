import { z } from 'zod';
import {
  BACKLOG_BATCH_MAX,
  backlogBodySchema,
  backlogExample,
  crimeExample,
  crimeReportSchema,
  DEVICE_FEEDS,
  incidentExample,
  incidentReportSchema,
  deviceExamples,
  deviceSchemas,
  deviceTopic,
  deviceTopicPattern,
  type DeviceFeed,
  trafficExample,
  trafficReadingSchema,
  trafficTopic,
  trafficTopicPattern,
  type FeedCatalogEntry,
} from '../../../../protocol/index.js';

const DEVICE_TITLES: Record<DeviceFeed, string> = {
  signals: 'Traffic-signal controllers: state, timing plan, faults',
  cameras: 'Traffic cameras: online/offline, vehicle counts, snapshot URL',
  units: 'Response units (police, fire, ambulance): GPS position and status',
  network: 'Device health: heartbeats of the 584 commune WAN nodes and the centre devices',
};

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
    {
      name: 'incidents',
      title: 'Incidents from the 113/114/115 hotlines and agencies (FIWARE Alert; CAP 1.2 XML accepted)',
      transport: 'http',
      endpoint: '/api/v1/feeds/incidents',
      method: 'POST',
      contentTypes: ['application/json', 'application/cap+xml'],
      auth: 'X-API-Key',
      schema: z.toJSONSchema(incidentReportSchema, { io: 'input', unrepresentable: 'any' }),
      example: incidentExample,
    },
    {
      name: 'crime',
      title: 'Crime reports from the police, with a privacy level (exact place and persons kept for authorised roles)',
      transport: 'http',
      endpoint: '/api/v1/feeds/crime',
      method: 'POST',
      contentTypes: ['application/json'],
      auth: 'X-API-Key',
      schema: z.toJSONSchema(crimeReportSchema, { io: 'input', unrepresentable: 'any' }),
      example: crimeExample,
    },
    {
      name: 'backlog',
      title: `Administrative dossiers per commune and sector: received, in progress, resolved, overdue, online (one report, or a JSON array of up to ${BACKLOG_BATCH_MAX} stored all-or-nothing)`,
      transport: 'http',
      endpoint: '/api/v1/feeds/backlog',
      method: 'POST',
      contentTypes: ['application/json'],
      auth: 'X-API-Key',
      schema: z.toJSONSchema(backlogBodySchema, { io: 'input', unrepresentable: 'any' }),
      example: backlogExample,
    },
    ...DEVICE_FEEDS.map((feed): FeedCatalogEntry => ({
      name: feed,
      title: DEVICE_TITLES[feed],
      transport: 'mqtt',
      topic: deviceTopicPattern(feed, topicRoot).replace('+', '<deviceId>'),
      exampleTopic: deviceTopic(feed, deviceExamples[feed].deviceId, topicRoot),
      qos: 1,
      schema: z.toJSONSchema(deviceSchemas[feed], { io: 'input', unrepresentable: 'any' }),
      example: deviceExamples[feed].report,
    })),
  ];
}
