import type { Mention } from '../../src/contracts/message.js';
import { DeliveryError } from '../../src/contracts/errors.js';
import { WECOM_ROBOT_MARKDOWN_MAX_BYTES, WECOM_ROBOT_TEXT_MAX_BYTES } from './constants.js';
import { httpError } from './errors.js';
import { cutBytes, markdownWithMentions, mentionable, neutralizeAt } from './render.js';

/** What a group robot is sent: text that mentions people, markdown otherwise. */
export type RobotBody =
  | { msgtype: 'text'; text: { content: string; mentioned_list: string[] } }
  | { msgtype: 'markdown'; markdown: { content: string } };

/**
 * The body for a group robot: text with `mentioned_list` when the message mentions people (the
 * mention the platform sends for them), markdown (a notice's title in bold) otherwise.
 */
export function robotBody(text: string, mentions: readonly Mention[], title?: string | null): RobotBody {
  const people = mentionable(mentions);
  if (people.length) {
    const content = cutBytes(neutralizeAt(text), WECOM_ROBOT_TEXT_MAX_BYTES);
    return { msgtype: 'text', text: { content, mentioned_list: people.map((m) => m.id) } };
  }
  const head = title?.trim() ? `**${neutralizeAt(title.trim())}**\n` : '';
  const content = cutBytes(head + markdownWithMentions(text, []), WECOM_ROBOT_MARKDOWN_MAX_BYTES);
  return { msgtype: 'markdown', markdown: { content } };
}

/** Sends one message through a group robot (`POST /cgi-bin/webhook/send?key=KEY`). */
export async function sendToRobot(apiBase: string, key: string, body: RobotBody): Promise<void> {
  const url = `${apiBase.replace(/\/+$/, '')}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new DeliveryError(`wecom group robot request failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const refused = await httpError('wecom group robot', res);
  if (refused) throw refused;
}

/** Answers a callback once through its `response_url` (single use, valid one hour). */
export async function postResponseUrl(url: string, markdown: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content: markdown } }),
    });
  } catch (err) {
    throw new DeliveryError(`wecom response_url request failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const refused = await httpError('wecom response_url', res);
  if (refused) throw refused;
}
