import type { Clock } from '../../src/contracts/time.js';
import { postRobot } from './api.js';
import type { CustomRobot } from './config.js';
import type { Rendered } from './render.js';
import { webhookMessage } from './render.js';
import { dingtalkSign } from './sign.js';

/** Chat ids of custom group robots in the core: `robot:<name>` (one robot, one group). */
export const ROBOT_CHAT_PREFIX = 'robot:';

export const robotChatId = (name: string): string => `${ROBOT_CHAT_PREFIX}${name}`;

/**
 * Custom group robots (自定义机器人) as send-only chats: a message is one POST to
 * `robot/send?access_token=…`, signed (加签) with `timestamp` and `sign` = urlencode(base64(
 * HMAC-SHA256(secret, timestamp + "\n" + secret))). A robot that sends more than 20 messages a
 * minute is blocked for 10 minutes: the relay's per-chat window (DINGTALK_CHAT_RATE_PER_MIN)
 * keeps each robot under it, and a 130101 answer makes the relay wait the 10 minutes.
 */
export class CustomRobots {
  private readonly byChat: Map<string, CustomRobot>;

  constructor(
    robots: readonly CustomRobot[],
    private readonly oapiBase: string,
    private readonly clock: Clock,
  ) {
    this.byChat = new Map(robots.map((r) => [robotChatId(r.name), r]));
  }

  get(chatId: string): CustomRobot | undefined {
    return this.byChat.get(chatId);
  }

  byName(name: string): CustomRobot | undefined {
    return this.byChat.get(robotChatId(name));
  }

  /** The signed URL of one send. */
  url(robot: CustomRobot): string {
    const q = new URLSearchParams({ access_token: robot.accessToken });
    if (robot.secret) {
      const timestamp = String(this.clock.now().getTime());
      q.set('timestamp', timestamp);
      q.set('sign', dingtalkSign(timestamp, robot.secret));
    }
    return `${this.oapiBase}/robot/send?${q.toString()}`;
  }

  async send(robot: CustomRobot, r: Rendered): Promise<void> {
    await postRobot(this.url(robot), webhookMessage(r));
  }
}
