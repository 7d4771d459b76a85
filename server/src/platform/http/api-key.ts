import type { RequestHandler } from 'express';

/**
 * Agency feeds need an API key in `X-API-Key`. A missing or wrong key gets 401 with a JSON body;
 * a good one puts the agency in `res.locals.agency` for the handler.
 */
export function requireApiKey(verify: (key: string | undefined) => Promise<string | null>): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('x-api-key');
    const agency = await verify(key);
    if (!agency) {
      res
        .status(401)
        .set('WWW-Authenticate', 'ApiKey header="X-API-Key"')
        .json({
          error: {
            code: 'unauthorized',
            message: key ? 'The API key is not valid.' : 'An agency API key is required in the X-API-Key header.',
          },
        });
      return;
    }
    res.locals.agency = agency;
    next();
  };
}
