/** The platform name DingTalk messages carry in the core (`IncomingMessage.platform`, outbox rows). */
export const DINGTALK_PLATFORM = 'dingtalk';

/** Where DingTalk posts robot messages in webhook mode (机器人 → 消息接收模式 → HTTP). */
export const DINGTALK_WEBHOOK_PATH = '/webhooks/dingtalk';

/** Stream topics: robot messages, and card button callbacks. */
export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
export const TOPIC_CARD = '/v1.0/card/instances/callback';

/**
 * How far an HTTP callback's `timestamp` header may be from our clock, either way. DingTalk's
 * documentation for robot callbacks asks the receiver to refuse timestamps more than 1 hour
 * from now; only the timestamp is signed, so a replay inside the window is stopped by the
 * msgId dedupe (kept far longer: DINGTALK_EVENT_RETENTION_MS) and the one-use signature cache.
 */
export const DINGTALK_CALLBACK_MAX_SKEW_MS = 60 * 60 * 1000;

/**
 * How long an accepted msgId (or stream messageId) is remembered: longer than the callback
 * window above, and longer than the stream's re-deliveries of an unacknowledged callback
 * (about every 60 s, for as long as the callback stays unacknowledged).
 */
export const DINGTALK_EVENT_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * A sessionWebhook is valid for about 90 minutes (`sessionWebhookExpiredTime`); it is not used in
 * its last minute, so a send cannot start on a URL that expires on the way.
 */
export const DINGTALK_SESSION_MARGIN_MS = 60 * 1000;

/** Most sessionWebhooks (one per chat, the newest) kept in memory. */
export const DINGTALK_SESSION_CACHE_MAX = 5000;

/** The access token is fetched again this long before DingTalk says it expires (7200 s). */
export const DINGTALK_TOKEN_EARLY_MS = 5 * 60 * 1000;

/** Stream reconnects: the first wait, doubled up to the maximum, with random jitter on top. */
export const STREAM_RECONNECT_MIN_MS = 1000;
export const STREAM_RECONNECT_MAX_MS = 30_000;

/** WebSocket ping interval; a connection that answers no ping within this is dropped and reopened. */
export const STREAM_KEEPALIVE_MS = 10_000;

/**
 * An acknowledgement later than this is logged: DingTalk sends an unacknowledged callback again
 * after about 60 s, so a store this slow is close to causing a second delivery (which the
 * inbox claim still turns into no second effect).
 */
export const STREAM_SLOW_ACK_MS = 10_000;

/** Attempts to send one reply (the first try plus retries after rate limits or 5xx). */
export const DINGTALK_REPLY_SEND_ATTEMPTS = 3;

/** Longest wait between reply attempts. */
export const DINGTALK_REPLY_RETRY_MAX_WAIT_MS = 10_000;

/** Wait after a rate-limit answer (DingTalk's answers carry no reset time). */
export const DINGTALK_RATE_LIMIT_WAIT_MS = 1000;

/**
 * A custom robot that sent more than 20 messages in a minute is blocked for 10 minutes (errcode
 * 130101); the relay is told to wait that long rather than hammer a blocked robot.
 */
export const CUSTOM_ROBOT_BLOCK_MS = 10 * 60 * 1000;

/** Longest text in one DingTalk message we send (text messages are limited to 20,000 bytes). */
export const DINGTALK_TEXT_MAX_CHARS = 5000;

/** Lines from which a message is sent as markdown (a title line, then its body) rather than text. */
export const DINGTALK_MARKDOWN_MIN_LINES = 4;

/** Longest outTrackId we create (cards); longer idempotency keys are hashed down to it. */
export const DINGTALK_TRACK_ID_MAX_CHARS = 64;

/** The word that, in a direct chat with the app robot, addresses a custom group robot's chat. */
export const CUSTOM_ROBOT_WORD = '群机器人';

/** Readers asked for per page of `groupMessages/query` (DingTalk refuses maxResults above 200). */
export const DINGTALK_READ_PAGE_SIZE = 200;

/** Pages read at most per message (10,000 readers, past any group): a looping nextToken cannot run on. */
export const DINGTALK_READ_MAX_PAGES = 50;

/**
 * How old a message may be for its read status: `oToMessages/readStatus` answers for 24 hours
 * after the send. `groupMessages/query` documents no window (it answers `processQueryKey.expireTime`
 * once it stops); 7 days, as Feishu's read_users, is what the core asks for.
 */
export const DINGTALK_DIRECT_READ_MAX_AGE_MS = 24 * 3_600_000;
export const DINGTALK_GROUP_READ_MAX_AGE_MS = 7 * 24 * 3_600_000;
