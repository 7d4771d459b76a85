// ESLint flat config. Fast on purpose: typescript-eslint's syntactic rules only (type errors are `tsc`'s and
// `vue-tsc`'s job in `npm run lint`); formatting is Prettier's (eslint-config-prettier switches off clashing rules).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier/flat';
import pluginVue from 'eslint-plugin-vue';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/data/',
    '**/node_modules/',
    '**/test-results/',
    '**/playwright-report/',
    '**/coverage/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,
  pluginVue.configs['flat/recommended'],

  {
    name: 'project/vue-typescript',
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.vue'],
        sourceType: 'module',
      },
    },
    rules: {
      // Undefined names in <script lang="ts"> are vue-tsc's to report (as typescript-eslint advises for .ts).
      'no-undef': 'off',
    },
  },

  {
    name: 'project/all',
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'vue/no-v-html': 'error',
    },
  },

  // Node: server, simulators, shared protocol, tests, scripts and every config file.
  {
    name: 'project/node-globals',
    files: [
      'server/**',
      'simulators/**',
      'protocol/**',
      'tests/**',
      'scripts/**',
      '*.{js,mjs,cjs,ts,mts,cts}',
      'client/*.{js,mjs,cjs,ts,mts,cts}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  // Browser: the console. Browser tests also pass functions to page.evaluate(), which run in the page.
  {
    name: 'project/browser-globals',
    files: ['client/src/**', 'tests/e2e/**'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // Application code logs through its logger (server) or not at all (client).
  {
    name: 'project/no-console',
    files: ['server/src/**', 'client/src/**'],
    rules: { 'no-console': 'error' },
  },

  prettier,
);
