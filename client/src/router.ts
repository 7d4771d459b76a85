import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Permission } from '../../protocol/index.js';
import ConsoleView from './views/ConsoleView.vue';
import WallView from './views/WallView.vue';

/** The field view (Leaflet) loads only when opened: the console itself never needs it. */
const FieldView = () => import('./views/FieldView.vue');
/** The audit log, for supervisors and administrators. */
const AuditView = () => import('./features/audit/AuditView.vue');
/** The analysis panel over the stored history. */
const AnalysisView = () => import('./features/analysis/AnalysisView.vue');
/** The accounts, for administrators. */
const UsersView = () => import('./features/users/UsersView.vue');

declare module 'vue-router' {
  interface RouteMeta {
    /** What the signed-in role needs to open the view; without it the app goes to `fallback`. */
    permission?: Permission;
  }
}

/** The console's routes: `/` the operators' console. The server sends the app for every route. */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'console', component: ConsoleView, meta: { permission: 'console.view' } },
  { path: '/field', name: 'field', component: FieldView, meta: { permission: 'console.view' } },
  { path: '/wall', name: 'wall', component: WallView, meta: { permission: 'wall.view' } },
  { path: '/analysis', name: 'analysis', component: AnalysisView, meta: { permission: 'console.view' } },
  { path: '/audit', name: 'audit', component: AuditView, meta: { permission: 'audit.view' } },
  { path: '/users', name: 'users', component: UsersView, meta: { permission: 'users.manage' } },
  { path: '/:rest(.*)*', redirect: '/' },
];

export function createConsoleRouter() {
  return createRouter({ history: createWebHistory(), routes });
}
