/** The platform name WeCom messages carry in the core (`IncomingMessage.platform`, outbox rows). */
export const WECOM_PLATFORM = 'wecom';

/** Where the 智能机器人 posts callbacks in URL mode (GET: the URL check; POST: events). */
export const WECOM_WEBHOOK_PATH = '/webhooks/wecom';

/** The long connection's default address (`wsUrl` of @wecom/aibot-node-sdk). */
export const WECOM_DEFAULT_WS_URL = 'wss://openws.work.weixin.qq.com';

/** Where group robots (群机器人) are sent to: `POST {base}/cgi-bin/webhook/send?key=KEY`. */
export const WECOM_DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com';

/**
 * The receive id an AI bot's callbacks carry after the message: empty (a 自建应用's carry the
 * corpid). @wecom/crypto's decrypt() returns it and the SDK's WecomCrypto skips the comparison
 * when it is empty, so we compare it ourselves.
 */
export const WECOM_AIBOT_RECEIVE_ID = '';

/**
 * How far a callback's `timestamp` may be from our clock, either way. A replay inside the
 * window is stopped by the msgid dedupe of the inbox, whose claims live far longer
 * (WECOM_EVENT_RETENTION_MS), so the two checks together leave no gap.
 */
export const WECOM_REQUEST_MAX_SKEW_MS = 60 * 60 * 1000;

/** How long a claimed msgid is kept: far past any re-delivery of a callback. */
export const WECOM_EVENT_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Group robots: at most 20 messages per minute each (消息推送配置说明, "消息发送频率限制"; over it
 * errcode 45009). Applied per chat: each robot is its own chat.
 */
export const WECOM_ROBOT_RATE_PER_MIN = 20;

/**
 * The AI bot publishes no per-minute number for `aibot_send_msg` (see README, "WeCom"): its
 * chats are paced like group robots, and the bot as a whole at this many sends a minute.
 */
export const WECOM_RATE_PER_MIN = 600;

/** Wait after errcode 45009 (frequency limit): the limits are per minute. */
export const WECOM_RATE_LIMIT_WAIT_MS = 60_000;

/** Group robot text content: at most 2048 bytes; markdown: 4096 bytes (消息推送配置说明). */
export const WECOM_ROBOT_TEXT_MAX_BYTES = 2048;
export const WECOM_ROBOT_MARKDOWN_MAX_BYTES = 4096;

/** Markdown replies and pushes of the AI bot: a stream's content is at most 20480 bytes. */
export const WECOM_MARKDOWN_MAX_BYTES = 20_480;

/** Longest notice text put on a template card (its sub title); the rest is cut with "…". */
export const WECOM_CARD_TEXT_MAX_CHARS = 300;

/** Most people one message mentions (`<@userid>` or `mentioned_list`); the rest are named in text. */
export const WECOM_MAX_MENTIONS = 50;

/** The long connection's first reconnect delay; the SDK doubles it up to 30 s. */
export const WECOM_RECONNECT_BASE_MS = 1000;

/** Gap between two pings of the long connection: WeCom closes sockets idle for about 30 s. */
export const WECOM_HEARTBEAT_MS = 25_000;

/** The prefix of chat ids of group robots (followed by a hash of the key, never the key). */
export const WECOM_ROBOT_CHAT_PREFIX = 'robot:';
