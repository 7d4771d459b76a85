import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

// Side effects only, imported once by MapView. MapLibre looks for its worker next to its own
// module; after bundling the worker is a hashed asset, so tell it where.
setWorkerUrl(workerUrl);
