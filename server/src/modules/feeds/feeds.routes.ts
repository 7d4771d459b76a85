import { Router } from 'express';
import { feedCatalog } from './feeds.catalog.js';

/** GET /api/v1/feeds: the feed catalog for device integrators. */
export function feedsRouter(topicRoot: string): Router {
  const catalog = feedCatalog(topicRoot);
  const router = Router();
  router.get('/', (_req, res) => {
    res.json(catalog);
  });
  return router;
}
