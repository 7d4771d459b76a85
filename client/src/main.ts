import 'maplibre-gl/dist/maplibre-gl.css';
import './map/fonts.js';
import './styles/theme.css';
import { createPinia } from 'pinia';
import { computed, createApp, watch } from 'vue';
import type { RouteLocationNormalizedLoaded } from 'vue-router';
import type { Layer } from '../../protocol/index.js';
import App from './App.vue';
import { debugMapSlotKey, installDebugHandle } from './debug.js';
import { useAlertSoundStore } from './features/alerts/alert-sound.store.js';
import { useAlertsStore } from './features/alerts/alerts.store.js';
import { startFiguresSync } from './features/figures/figures-sync.js';
import { useFiguresStore } from './features/figures/figures.store.js';
import { FIELD_LAYERS } from './field/field-layers.js';
import { createReplaySource } from './features/replay/replay-source.js';
import { useReplayStore } from './features/replay/replay.store.js';
import { applyLocale, createConsoleI18n } from './i18n/index.js';
import { useConnectionStore } from './realtime/connection.store.js';
import { CONSOLE_LAYERS } from './realtime/feeds.js';
import { serverEventHandlers } from './realtime/handlers/index.js';
import { createConsoleSocket } from './realtime/socket.js';
import { useAlarmsStore } from './stores/alarms.store.js';
import { useBacklogStore } from './stores/backlog.store.js';
import { useCrimeStore } from './stores/crime.store.js';
import { useDevicesStore } from './stores/devices.store.js';
import { useGeoStore } from './stores/geo.store.js';
import { useIncidentsStore } from './stores/incidents.store.js';
import { useLayersStore } from './stores/layers.store.js';
import { useTrafficStore } from './stores/traffic.store.js';
import { createConsoleRouter } from './router.js';
import { useSessionStore } from './stores/session.store.js';

// The composition root of the console: the one place its parts are wired together.
const app = createApp(App);
const pinia = createPinia();
const i18n = createConsoleI18n();
app.use(pinia);
app.use(i18n);
const router = createConsoleRouter();
app.use(router);
applyLocale(i18n.global, i18n.global.locale.value, false);

const connection = useConnectionStore(pinia);
const traffic = useTrafficStore(pinia);
const devices = useDevicesStore(pinia);
const layers = useLayersStore(pinia);
app.provide(
  debugMapSlotKey,
  installDebugHandle({
    connection,
    traffic,
    devices,
    incidents: useIncidentsStore(pinia),
    alarms: useAlarmsStore(pinia),
    crime: useCrimeStore(pinia),
    backlog: useBacklogStore(pinia),
    layers,
    alerts: useAlertsStore(pinia),
    alertSound: useAlertSoundStore(pinia),
    figures: useFiguresStore(pinia),
  }),
);
// Time travel: the history API's states and events, shown through the live stores while live frames wait.
useReplayStore(pinia).configure(createReplaySource({ setLivePaused: (paused) => connection.setLivePaused(paused) }));

/**
 * Which live connection a view needs, so that a screen receives only what it shows: the press wall
 * (`/wall`) none, it opens its own socket to the wall's public projection (a TV signed in as an
 * operator must not download the console's layers, incident descriptions or addresses); the field
 * view its layers and the devices its alarms are drawn at; every other view the whole console.
 */
type LiveView = 'console' | 'field';
const LIVE_LAYERS: Record<LiveView, Layer[]> = {
  console: CONSOLE_LAYERS,
  field: [...FIELD_LAYERS, 'signals', 'cameras', 'network'],
};
const liveViewOf = (route: RouteLocationNormalizedLoaded): LiveView | null =>
  route.name === 'wall' ? null : route.name === 'field' ? 'field' : 'console';

// The live connection opens once someone allowed to see the console has signed in, on a view that
// needs it; a session the server ends (logout elsewhere, disabled, expired) brings back the sign-in
// page, and the next sign-in reconnects the same socket (it resumes from what the console holds).
const session = useSessionStore(pinia);
const liveView = computed(() =>
  session.signedIn && session.can('console.view') ? liveViewOf(router.currentRoute.value) : null,
);
/** What the socket was opened for; null while there is none. */
let opened: LiveView | null = null;
let figuresStarted = false;
function open(view: LiveView): void {
  opened = view;
  useGeoStore(pinia).load();
  // The figures at a glance: subscribed once the live connection is up, and again after every reconnect.
  if (view === 'console' && !figuresStarted) {
    figuresStarted = true;
    startFiguresSync({ connection, figures: useFiguresStore(pinia) });
  }
  connection.start(createConsoleSocket(), {
    layers: LIVE_LAYERS[view],
    handlers: serverEventHandlers,
    onAuthRequired: () => session.expired(),
  });
}
// Only once the first route is known: before that the router reports '/' whatever the address.
void router.isReady().then(() =>
  watch(
    liveView,
    (view) => {
      if (view === null) {
        // Gone to the wall (back in the history): its screen gets nothing more of the console.
        if (opened !== null && router.currentRoute.value.name === 'wall') {
          connection.stop();
          opened = null;
        }
        return;
      }
      if (opened === null) return open(view);
      // From the field view to the console: the console's other layers start from a fresh snapshot.
      if (opened === 'field' && view === 'console') return window.location.reload();
      connection.reconnect();
    },
    { immediate: true },
  ),
);
void session.load().catch(() => session.expired());
app.mount('#app');
