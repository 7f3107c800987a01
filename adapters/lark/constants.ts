/** The platform name Lark messages carry in the core (`IncomingMessage.platform`, outbox rows). */
export const LARK_PLATFORM = 'lark';

/** Where Feishu/Lark posts event and card callbacks in webhook mode. */
export const LARK_WEBHOOK_PATH = '/webhooks/lark';

/**
 * How far `X-Lark-Request-Timestamp` may be from our clock, either way, before a signed request
 * is refused as stale (or from the future).
 *
 * Evidence for the window: Feishu signs every delivery when it sends it, so a re-push (about
 * 15 s, 5 min, 1 h and 6 h after the first attempt) carries a fresh timestamp, nonce and
 * signature while `header.create_time` and `header.event_id` stay those of the original event
 * (openclaw/openclaw#143484, "Feishu signs each delivery at send time", which settled on a 1 h
 * window for the same reason). One hour is also the window Feishu itself enforces on signed
 * requests to it ("timestamp is not within one hour from current time", code 19021, seen in
 * apache/dolphinscheduler#16569 and feiyu563/PrometheusAlert#422). The window only has to absorb
 * transit time and clock skew; a replay inside it is stopped by the event-id dedupe, whose rows
 * live at least twice as long (larkAdmittedSkewMs), so the two checks together leave no gap.
 */
export const LARK_REQUEST_MAX_SKEW_MS = 60 * 60 * 1000;

/**
 * How long an accepted event id is remembered. Feishu's last re-push comes about 6 h 20 min after
 * the first attempt; the issue asks for at least 8 h. A day costs a few kilobytes.
 */
export const LARK_EVENT_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * The timestamp window actually admitted for a configured one: at most half the event-id
 * retention. A request signed at T is admitted from T - skew until T + skew, so its id must be
 * remembered for 2 x skew after it was first taken in; with a longer window a captured request
 * could be replayed once the dedupe had forgotten its id.
 */
export function larkAdmittedSkewMs(configuredMs: number, retentionMs = LARK_EVENT_RETENTION_MS): number {
  return Math.min(configuredMs, Math.floor(retentionMs / 2));
}

/** Longest `uuid` Feishu accepts on a send; longer idempotency keys are hashed down to this. */
export const LARK_UUID_MAX_CHARS = 50;

/** How long a name found in the registry or the contact API is reused. */
export const LARK_NAME_TTL_MS = 10 * 60 * 1000;

/** How long a failed name lookup is remembered before the contact API is asked again. */
export const LARK_NAME_MISS_TTL_MS = 60 * 1000;

/** Most names kept in memory; the oldest are dropped first. */
export const LARK_NAME_CACHE_MAX = 10_000;

/**
 * How long an event waits for the bot's own identity (`bot/v3/info`, fetched once) before it is
 * read without it (the bot's mention then recognised by name). Only the first events wait; the
 * callback must be answered within 3 s.
 */
export const LARK_BOT_INFO_WAIT_MS = 1000;

/** After a failed `bot/v3/info` call, wait this long before asking again. */
export const LARK_BOT_INFO_RETRY_MS = 60 * 1000;

/** Attempts to send one direct answer (the first try plus retries after 429s or 5xx). */
export const LARK_REPLY_SEND_ATTEMPTS = 3;

/** Longest wait between reply attempts, whatever `x-ogw-ratelimit-reset` says. */
export const LARK_REPLY_RETRY_MAX_WAIT_MS = 10_000;

/** Wait after a rate-limit answer that carries no `x-ogw-ratelimit-reset` header. */
export const LARK_RATE_LIMIT_DEFAULT_WAIT_MS = 1000;

/** Longest notice text put into a card (cards are limited to 30 KB of JSON). */
export const LARK_CARD_TEXT_MAX_CHARS = 8000;
