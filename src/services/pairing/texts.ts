import type { NeedRow } from './needs.js';

// The messages pairing sends without a command (the scheduler's alerts), as types only: the words
// are commands/pairing/texts.ts's, injected by whoever runs the alerts.

/** What a need's title shows (never personal data). */
export type NeedTitleFields = Pick<NeedRow, 'id' | 'type' | 'area' | 'urgency' | 'status'>;

/** A paired household nobody visited for a while. */
export interface UnvisitedAlert {
  need: NeedTitleFields;
  volunteerName: string | null;
  /** Whole days since the last visit, or since 派单 when there was none. */
  days: number;
  visited: boolean;
}

/** An open need nobody was assigned to for a while. */
export interface UnassignedAlert {
  need: NeedTitleFields;
  days: number;
}

/** Everything stalled one officer is told about in one run, when it is more than one need. */
export interface PairingAlertSummary {
  unvisited: readonly UnvisitedAlert[];
  unassigned: readonly UnassignedAlert[];
}

export interface PairingAlertTexts {
  unvisited(alert: UnvisitedAlert): string;
  unassigned(alert: UnassignedAlert): string;
  /** One direct message for several needs (issue 24: a district's first run queued 3,888). */
  summary(alerts: PairingAlertSummary): string;
}
