/** One DING the fake accepted (`/v1.0/robot/ding/send`), with the receivers it reached. */
export interface DingSentDing {
  robotCode: string;
  receivers: string[];
  /** 1 in the app, 2 SMS, 3 phone. */
  remindType: number;
  content: string;
  openDingId: string;
}

/** One read-status question the fake answered (or refused). */
export interface DingReadQuery {
  api: 'group' | 'oto';
  processQueryKey: string;
  nextToken?: string;
  maxResults?: number;
}

type Json = (status: number, v: unknown) => void;

interface Sent {
  /** openConversationId of a group message; '' for a batchSend. */
  chat: string;
  robotCode: string;
  /** A batchSend's recipients. */
  users: string[];
  readers: string[];
}

/**
 * The fake's read status and DING: the processQueryKey of every robot-API send, who opened it
 * (`read`), `groupMessages/query` (pages of at most 200 readUserIds, nextToken), `oToMessages/readStatus`
 * (READ / UNREAD per recipient) and `ding/send`, each call recorded so tests can count them.
 */
export class FakeDingRead {
  readonly dings: DingSentDing[] = [];
  readonly queries: DingReadQuery[] = [];
  /** Staff ids a DING cannot reach, with DingTalk's reason (answered in failedList, the others reached). */
  readonly dingRefuses = new Map<string, string>();
  /** Longest page the fake answers, whatever maxResults asks (tests shorten it to see paging). */
  pageSize = 200;
  private readonly messages = new Map<string, Sent>();
  private seq = 0;

  /** A group message was sent: its new processQueryKey. */
  sentToGroup(chat: string, robotCode: string): string {
    const key = `pqk-g${++this.seq}=`;
    this.messages.set(key, { chat, robotCode, users: [], readers: [] });
    return key;
  }

  /** A batchSend: its new processQueryKey. */
  sentToUsers(users: readonly string[], robotCode: string): string {
    const key = `pqk-o${++this.seq}+/`;
    this.messages.set(key, { chat: '', robotCode, users: [...users], readers: [] });
    return key;
  }

  /** `userIds` open the message: DingTalk then lists them as readers. */
  read(processQueryKey: string, userIds: readonly string[]): void {
    const m = this.messages.get(processQueryKey);
    if (!m) throw new Error(`fake dingtalk: no message ${processQueryKey}`);
    for (const u of userIds) if (!m.readers.includes(u)) m.readers.push(u);
  }

  /** 查询企业机器人群聊消息用户已读状态; robotCode and openConversationId must be those of the send. */
  groupQuery(body: Record<string, unknown>, json: Json): void {
    const key = String(body.processQueryKey ?? '');
    const maxResults = typeof body.maxResults === 'number' ? body.maxResults : undefined;
    const nextToken = typeof body.nextToken === 'string' && body.nextToken ? body.nextToken : undefined;
    this.queries.push({ api: 'group', processQueryKey: key, ...(nextToken ? { nextToken } : {}), maxResults });
    if (!key) return json(400, { code: 'invalidParameter.processQueryKey.missing' });
    const m = this.messages.get(key);
    if (!m || m.chat === '' || m.chat !== body.openConversationId || m.robotCode !== body.robotCode)
      return json(400, { code: 'invalid.processQueryKey', message: '无效的processQueryKey' });
    if (maxResults !== undefined && (maxResults < 1 || maxResults > 200))
      return json(400, { code: 'invalidParameter.pageSize.invalid', message: 'maxResults超出上限200' });
    const from = nextToken ? Number(nextToken) : 0;
    if (!Number.isInteger(from) || from < 0) return json(400, { code: 'invalidParameter.cursor.invalid' });
    const to = from + Math.min(maxResults ?? 200, this.pageSize);
    const hasMore = to < m.readers.length;
    json(200, {
      sendStatus: 'SUCCESS',
      readUserIds: m.readers.slice(from, to),
      hasMore,
      ...(hasMore ? { nextToken: String(to) } : {}),
    });
  }

  /** 批量查询人与机器人会话机器人消息是否已读 (GET, the key URL-encoded in the query). */
  otoQuery(url: URL, json: Json): void {
    const key = url.searchParams.get('processQueryKey') ?? '';
    this.queries.push({ api: 'oto', processQueryKey: key });
    const m = this.messages.get(key);
    if (!m || m.chat !== '' || m.robotCode !== url.searchParams.get('robotCode'))
      return json(400, { code: 'invalid.processQueryKey', message: '无效的processQueryKey' });
    json(200, {
      sendStatus: 'SUCCESS',
      messageReadInfoList: m.users.map((userId) => {
        const read = m.readers.includes(userId);
        return { userId, name: userId, readStatus: read ? 'READ' : 'UNREAD', ...(read ? { readTimestamp: 1 } : {}) };
      }),
    });
  }

  /** 发送DING消息: remindType 1 (app), 2 (SMS) or 3 (phone) to the listed staff ids. */
  ding(body: Record<string, unknown>, json: Json): void {
    const receivers = body.receiverUserIdList;
    const remindType = body.remindType;
    if (!Array.isArray(receivers) || receivers.length === 0 || typeof body.content !== 'string' || !body.content)
      return json(400, { code: 'invalidParameter', message: 'receiverUserIdList and content are required' });
    if (remindType !== 1 && remindType !== 2 && remindType !== 3)
      return json(400, { code: 'invalidParameter.remindType', message: 'remindType must be 1, 2 or 3' });
    const openDingId = `ding-${++this.seq}`;
    const content = body.content;
    const failedList: Record<string, string[]> = {};
    for (const u of receivers.map(String)) {
      const reason = this.dingRefuses.get(u);
      if (reason) (failedList[reason] ??= []).push(u);
    }
    const reached = receivers.map(String).filter((u) => !this.dingRefuses.has(u));
    if (reached.length)
      this.dings.push({ robotCode: String(body.robotCode), receivers: reached, remindType, content, openDingId });
    json(200, { openDingId, failedList });
  }
}
