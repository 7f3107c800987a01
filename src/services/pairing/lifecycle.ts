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

export const STATUS_LABEL: Record<NeedStatus, string> = {
  open: '待派单',
  assigned: '已派单待接单',
  accepted: '已接单',
  in_service: '服务中',
  rated: '已评价',
  closed: '已结案',
};

export const EVENT_LABEL: Record<NeedEvent, string> = {
  assign: '派单',
  accept: '接单',
  log: '服务',
  rate: '评价',
  close: '结案',
  release: '解除',
};

const ACTOR_LABEL: Record<Actor, string> = { officer: '书记或委员', volunteer: '接单的志愿者' };

/** Statuses in which a volunteer holds the need (an open pairing). */
export const PAIRED_STATUSES: readonly NeedStatus[] = ['assigned', 'accepted', 'in_service', 'rated'];

export type TransitionResult =
  | { ok: true; to: NeedStatus }
  | { ok: false; reason: 'state' | 'actor'; message: string };

/** What `event` by `actor` does to a need in `from`, with a refusal that names the current state. */
export function transition(from: NeedStatus, event: NeedEvent, actor: Actor): TransitionResult {
  const rows = TRANSITIONS.filter((t) => t.event === event && t.from === from);
  const row = rows.find((t) => t.by.includes(actor));
  if (row) return { ok: true, to: row.to };
  if (rows.length > 0) {
    const who = [...new Set(rows.flatMap((t) => t.by))].map((a) => ACTOR_LABEL[a]).join('或');
    return { ok: false, reason: 'actor', message: `「${EVENT_LABEL[event]}」只能由${who}操作。` };
  }
  const next = nextEvents(from, actor).map((e) => `「${EVENT_LABEL[e]}」`);
  const hint = next.length ? `现在可以${next.join('、')}。` : from === 'closed' ? '已结案的需求不能再操作。' : '';
  return { ok: false, reason: 'state', message: `当前状态是「${STATUS_LABEL[from]}」，不能${EVENT_LABEL[event]}。${hint}` };
}

/** Events `actor` may fire from `from`. */
export function nextEvents(from: NeedStatus, actor: Actor): NeedEvent[] {
  return [...new Set(TRANSITIONS.filter((t) => t.from === from && t.by.includes(actor)).map((t) => t.event))];
}
