import { errorFactory } from '../../contracts/errors.js';

/** The dashboard's domain error codes and what explains each. */
export interface DashboardErrors {
  /** An officer whose member record belongs to no unit: there is nothing to show. */
  'dashboard.no_unit': Record<string, never>;
}

export const dashboardError = errorFactory<DashboardErrors>();
