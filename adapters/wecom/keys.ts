import { createHash } from 'node:crypto';
import { WECOM_ROBOT_CHAT_PREFIX } from './constants.js';

/** A group robot key as WeCom issues it (e.g. 693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa). */
const ROBOT_KEY = /^[A-Za-z0-9-]{8,64}$/;

/**
 * A group robot's key from what people paste: the key itself or the whole webhook URL
 * (…/cgi-bin/webhook/send?key=KEY); null for anything else.
 */
export function robotKey(input: string): string | null {
  const text = input.trim();
  if (ROBOT_KEY.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const key = url.searchParams.get('key') ?? '';
  return url.pathname.endsWith('/webhook/send') && ROBOT_KEY.test(key) ? key : null;
}

/** The chat id of a group robot: a hash of its key, so ids can be shown and logged. */
export function robotChatId(key: string): string {
  return WECOM_ROBOT_CHAT_PREFIX + createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
}

/** Whether an outbox chat id names a group robot rather than a chat of the AI bot. */
export function isRobotChat(chatId: string): boolean {
  return chatId.startsWith(WECOM_ROBOT_CHAT_PREFIX);
}

/** The chat id and key of a pasted robot key or URL (PlatformCapabilities.groupRobot). */
export function readRobot(input: string): { chatId: string; secret: string } | null {
  const key = robotKey(input);
  return key ? { chatId: robotChatId(key), secret: key } : null;
}
