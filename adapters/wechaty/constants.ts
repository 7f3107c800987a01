// Numbers of the WeChat adapter. Pacing of sends (room gap, daily cap, mentions per message, reply
// gap) lives in ./config.ts, where each can be set by the environment.

/** The platform name in IncomingMessage, identities and outbox rows. */
export const WECHAT_PLATFORM = 'wechat';
/** While the account is logged out, outbox rows are handed back to wait this long (not counted as attempts). */
export const WECHAT_LOGGED_OUT_RETRY_MS = 60_000;
/**
 * Messages older than this are ignored: a puppet can replay what arrived while the bot was away,
 * and answering a 签到 from an hour ago would only confuse the group.
 */
export const WECHAT_MAX_MESSAGE_AGE_MS = 5 * 60_000;
/**
 * Where the login session (Wechaty's memory card) is kept, so a restart needs no new scan:
 * ./data/wechaty.memory-card.json
 */
export const WECHATY_MEMORY_NAME = 'data/wechaty';
/** Longest name passed to the core (IncomingMessage allows 128). */
export const MAX_NAME_CHARS = 128;
/** Longest chat name passed to the core (IncomingMessage allows 256). */
export const MAX_TOPIC_CHARS = 256;
/** Shown beside the terminal QR code: a page that draws the same code, for terminals that cannot. */
export const QR_IMAGE_URL = 'https://wechaty.js.org/qrcode/';
/** The same puppet error is logged at most once per this interval (a puppet offline repeats it many times a second). */
export const WECHAT_ERROR_LOG_INTERVAL_MS = 60_000;
