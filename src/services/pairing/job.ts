import type { SchedulerSettings } from '../../contracts/config/scheduler.js';
import type { Store } from '../../contracts/store.js';
import { runPairingAlerts, type PairingAlertResult } from './alerts.js';
import { eraseReleasedHouseholds } from './erase.js';
import type { PairingAlertTexts } from './texts.js';

/** What one run of the pairing job did: the alerts, and how many released needs' households it erased. */
export interface PairingJobResult extends PairingAlertResult {
  erased: number;
}

/**
 * The scheduler's pairing job (every PAIRING_ALERTS_EVERY_MIN): erases the households of needs
 * released and not assigned again within HOUSEHOLD_KEPT_AFTER_RELEASE_DAYS, then sends the alerts.
 */
export async function runPairingJob(
  deps: { store: Store },
  texts: PairingAlertTexts,
  now: Date,
  settings: Pick<SchedulerSettings, 'HOUSEHOLD_KEPT_AFTER_RELEASE_DAYS'>,
): Promise<PairingJobResult> {
  const erased = await eraseReleasedHouseholds(deps, now, settings.HOUSEHOLD_KEPT_AFTER_RELEASE_DAYS);
  return { ...(await runPairingAlerts(deps, texts, now)), erased };
}
