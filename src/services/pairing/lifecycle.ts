/**
 * The life of a need as a pure transition table (居民点单 → 社区派单 → 党员接单 → 群众评单):
 * open → assigned → accepted → in_service → rated → closed; release (解除) returns it to open.
 */

export const NEED_STATUSES = ['open', 'assigned', 'accepted', 'in_service', 'rated', 'closed'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const NEED_EVENTS = ['assign', 'accept', 'log', 'rate', 'close', 'release'] as const;
export type NeedEvent = (typeof NEED_EVENTS)[number];

/** Who acts: an officer managing the need's unit, or the volunteer assigned to it. */
export type Actor = 'officer' | 'volunteer';

export interface Transition {
  event: NeedEvent;
  from: NeedStatus;
  to: NeedStatus;
  by: readonly Actor[];
}

/** Every allowed transition; anything not listed is refused. */
export const TRANSITIONS: readonly Transition[] = [
  { event: 'assign', from: 'open', to: 'assigned', by: ['officer'] },
  { event: 'accept', from: 'assigned', to: 'accepted', by: ['volunteer'] },
  // Officers may log a visit on a volunteer's behalf (代录, for volunteers without a smartphone).
  { event: 'log', from: 'accepted', to: 'in_service', by: ['volunteer', 'officer'] },
  { event: 'log', from: 'in_service', to: 'in_service', by: ['volunteer', 'officer'] },
  { event: 'rate', from: 'in_service', to: 'rated', by: ['officer'] },
  { event: 'close', from: 'rated', to: 'closed', by: ['officer'] },
  { event: 'release', from: 'assigned', to: 'open', by: ['officer', 'volunteer'] },
  { event: 'release', from: 'accepted', to: 'open', by: ['officer', 'volunteer'] },
  { event: 'release', from: 'in_service', to: 'open', by: ['officer', 'volunteer'] },
  { event: 'release', from: 'rated', to: 'open', by: ['officer'] },
];

/** Statuses in which a volunteer holds the need (an open pairing). */
export const PAIRED_STATUSES: readonly NeedStatus[] = ['assigned', 'accepted', 'in_service', 'rated'];

/**
 * Why a transition is refused: the wrong person (`actor`: who may), or the wrong state (`state`:
 * what the actor may do from here instead; `hint` says which of the three answers fits).
 */
export type TransitionRefusal =
  | { reason: 'actor'; event: NeedEvent; by: readonly Actor[] }
  | { reason: 'state'; event: NeedEvent; from: NeedStatus; hint: StateHint; next: readonly NeedEvent[] };

/** What a state refusal suggests: the events possible instead, that a closed need is final, or nothing. */
export type StateHint = 'next' | 'closed' | 'none';

export type TransitionResult = { ok: true; to: NeedStatus } | ({ ok: false } & TransitionRefusal);

/** What `event` by `actor` does to a need in `from`, or why it is refused. */
export function transition(from: NeedStatus, event: NeedEvent, actor: Actor): TransitionResult {
  const rows = TRANSITIONS.filter((t) => t.event === event && t.from === from);
  const row = rows.find((t) => t.by.includes(actor));
  if (row) return { ok: true, to: row.to };
  if (rows.length > 0) return { ok: false, reason: 'actor', event, by: [...new Set(rows.flatMap((t) => t.by))] };
  const next = nextEvents(from, actor);
  const hint = next.length ? 'next' : from === 'closed' ? 'closed' : 'none';
  return { ok: false, reason: 'state', event, from, hint, next };
}

/** Events `actor` may fire from `from`. */
export function nextEvents(from: NeedStatus, actor: Actor): NeedEvent[] {
  return [...new Set(TRANSITIONS.filter((t) => t.from === from && t.by.includes(actor)).map((t) => t.event))];
}
