import type { ComponentType } from 'react';
import type { Role } from './session-store';

export interface RouteDef {
  /** The hash path, e.g. `/ide` for `#/ide`. */
  readonly path: string;
  /** Who sees it in the navigation and may open it; `public` needs no sign-in. */
  readonly roles: readonly Role[] | 'public';
  readonly label: { readonly en: string; readonly nl: string };
  readonly load: () => Promise<{ default: ComponentType }>;
}

/**
 * Every view of the console, one entry each, in alphabetical order of path. A view lives in
 * `src/views/<name>/` and is loaded only when opened (its own chunk).
 */
export const ROUTES: RouteDef[] = [
  {
    path: '/desk',
    roles: ['privacy-officer', 'admin'],
    label: { en: 'Privacy officer desk', nl: 'Privacybureau' },
    load: () => import('../views/desk/DeskView'),
  },
  {
    path: '/ide',
    // Public: a browser opening /graphql lands here; the token field takes any token.
    roles: 'public',
    label: { en: 'GraphQL IDE', nl: 'GraphQL-IDE' },
    load: () => import('../views/ide/IdeView'),
  },
  {
    path: '/municipality',
    roles: ['municipality', 'admin'],
    label: { en: 'Municipality view', nl: 'Gemeenteoverzicht' },
    load: () => import('../views/municipality/MunicipalityView'),
  },
  {
    path: '/partner',
    roles: ['partner', 'admin'],
    label: { en: 'Partner board', nl: 'Partnerbord' },
    load: () => import('../views/partner/PartnerBoard'),
  },
  {
    path: '/register',
    roles: 'public',
    label: { en: 'Sensor register', nl: 'Sensorregister' },
    load: () => import('../views/register/RegisterView'),
  },
  {
    path: '/sharing',
    roles: ['municipality', 'privacy-officer', 'admin'],
    label: { en: 'Sharing', nl: 'Delen' },
    load: () => import('../views/sharing/SharingView'),
  },
];

/** The routes a visitor with this role (or none) may open. */
export const routesFor = (role: Role | undefined): RouteDef[] =>
  ROUTES.filter((r) => r.roles === 'public' || (role !== undefined && r.roles.includes(role)));
