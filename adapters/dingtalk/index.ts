export { dingtalkAdapter, type DingTalkAdapter, type DingTalkAdapterOptions } from './adapter.js';
export { DINGTALK_CAPABILITIES, dingtalkConfig, dingtalkLimits, type DingTalkConfig } from './config.js';
export { DINGTALK_PLATFORM, DINGTALK_WEBHOOK_PATH, TOPIC_CARD, TOPIC_ROBOT } from './constants.js';
export { dingtalkModule, dingtalkMode } from './module.js';
export { dingtalkSign } from './sign.js';
