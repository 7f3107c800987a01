import type { CommandDef, Feature } from '../src/command/define.js';
import { Registry } from '../src/command/define.js';
import { duesFeature } from './dues/index.js';
import { duesTexts } from './dues/texts.js';
import { dashboardFeature } from './dashboard/index.js';
import { helpFeature } from './help/index.js';
import { meetingsFeature } from './meetings/index.js';
import { noticesFeature } from './notices/index.js';
import { noticeTexts } from './notices/texts.js';
import { orgFeature } from './org/index.js';
import { outboxAdminFeature } from './outbox-admin/index.js';
import { pairingFeature } from './pairing/index.js';
import { recordsFeature } from './records/index.js';
import { remindersFeature } from './reminders/index.js';
import { timesFeature } from './times/index.js';
import type { SchedulerTexts } from '../src/scheduler/scheduler.js';
import { pairingAlertTexts } from './pairing/texts.js';
import { reminderTexts } from './reminders/texts.js';

/** Every feature, in the order help lists their commands. */
export const FEATURES: readonly Feature[] = [
  helpFeature,
  orgFeature,
  meetingsFeature,
  recordsFeature,
  remindersFeature,
  timesFeature,
  noticesFeature,
  outboxAdminFeature,
  pairingFeature,
  duesFeature,
  dashboardFeature,
];

/** Every command, in the order help lists them. */
export const ALL_COMMANDS: readonly CommandDef[] = FEATURES.flatMap((f) => f.commands);

/** Builds the registry once; duplicate names, aliases or error codes throw here, at start-up. */
export function createRegistry(commands?: readonly CommandDef[]): Registry {
  if (!commands) return Registry.of(FEATURES);
  return Registry.of([...FEATURES.map((f) => ({ ...f, commands: [] })), { name: 'extra', commands }]);
}

/** What the scheduler's messages say (reminders, digests, pairing alerts, 党费), for the runtime to inject. */
export const schedulerTexts: SchedulerTexts = {
  ...reminderTexts,
  pairing: pairingAlertTexts,
  dues: duesTexts,
  notices: noticeTexts,
};
