import 'maplibre-gl/dist/maplibre-gl.css';
import './map/fonts.js';
import './styles/theme.css';
import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import App from './App.vue';
import { debugMapSlotKey, installDebugHandle } from './debug.js';
import { useAlertSoundStore } from './features/alerts/alert-sound.store.js';
import { useAlertsStore } from './features/alerts/alerts.store.js';
import { startFiguresSync } from './features/figures/figures-sync.js';
import { useFiguresStore } from './features/figures/figures.store.js';
import { createReplaySource } from './features/replay/replay-source.js';
import { useReplayStore } from './features/replay/replay.store.js';
import { applyLocale, createConsoleI18n } from './i18n/index.js';
import { useConnectionStore } from './realtime/connection.store.js';
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
app.use(createConsoleRouter());
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
// The figures at a glance: subscribed once the live connection is up, and again after every reconnect.
startFiguresSync({ connection, figures: useFiguresStore(pinia) });

// The live connection opens once someone allowed to see the console has signed in; a session the
// server ends (logout elsewhere, disabled, expired) brings back the sign-in page, and the next
// sign-in reconnects the same socket (it resumes from what the console already holds).
const session = useSessionStore(pinia);
let started = false;
watch(
  () => session.signedIn && session.can('console.view'),
  (live) => {
    if (!live) return;
    if (started) return connection.reconnect();
    started = true;
    useGeoStore(pinia).load();
    connection.start(createConsoleSocket(), {
      handlers: serverEventHandlers,
      onAuthRequired: () => session.expired(),
    });
  },
);
void session.load().catch(() => session.expired());
app.mount('#app');
