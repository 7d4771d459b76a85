import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const clientDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = fileURLToPath(new URL('..', import.meta.url));
/**
 * Where `npm run dev:server` / `npm start` listens; the dev server forwards API and socket traffic
 * there. CONSOLE_BACKEND points it elsewhere (another port, a staging server).
 */
const backend = process.env.CONSOLE_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  root: clientDir,
  plugins: [vue()],
  define: {
    // vue-i18n esm-bundler feature flags: Composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: `${repoDir}dist/client`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // The client imports the shared contract from <repo>/protocol.
    fs: { allow: [repoDir] },
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
});
