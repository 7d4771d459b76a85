/** One entry of the feed catalog, `GET /api/v1/feeds`. */
export type FeedCatalogEntry =
  | {
      name: string;
      title: string;
      transport: 'mqtt';
      topic: string;
      exampleTopic: string;
      qos: 0 | 1;
      schema: unknown;
      example: unknown;
    }
  | {
      name: string;
      title: string;
      transport: 'http';
      endpoint: string;
      method: 'POST' | 'PUT';
      /** Accepted request bodies, e.g. application/json and application/cap+xml. */
      contentTypes: string[];
      /** The header that carries the agency's API key. */
      auth: 'X-API-Key';
      schema: unknown;
      example: unknown;
    };
