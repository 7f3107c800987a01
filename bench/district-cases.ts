/** The read cases of bench/district.ts and bench/workerd.ts: every read command an officer uses. */
import { message, type ClientRequest, type ClientResult } from './district-client.js';
import { session, type HttpSite } from './district-site.js';
import { quantile, round } from './lib.js';
import type { Figures } from './district-table.js';

/** The read cases of one site: label → requests. */
export async function readCases(s: HttpSite): Promise<[string, ClientRequest[]][]> {
  const { rootId, rootSecretary, branchIds, branchSecretaries, branchCommittee, generalIds, platform } = s.seeded;
  const branch = branchIds[0]!;
  const sec = branchSecretaries.get(branch)!;
  const one = async (sql: string) => (await s.query(sql))[0]!.n;
  const meeting = await one(
    `SELECT max(id) AS n FROM meetings WHERE unit_id = '${branch}' AND starts_at < ${s.now.getTime()} ` +
      "AND status = 'scheduled'",
  );
  const notice = await one(`SELECT max(id) AS n FROM notices WHERE unit_id = '${rootId}'`);
  const general = String(await one(`SELECT name AS n FROM units WHERE id = '${generalIds[0]!}'`));
  let k = 0;
  const dm = (from: string, text: string) =>
    Array.from({ length: 4 }, () =>
      message({
        platform,
        chatId: `ou_${from}`,
        chatType: 'direct',
        senderId: `ou_${from}`,
        messageId: `r${++k}`,
        text,
      }),
    );
  const get = (path: string, cookie: string): ClientRequest[] => [{ method: 'GET', path, headers: { cookie } }];
  const rootCookie = await session(s, rootSecretary);
  const branchCookie = await session(s, branchCommittee.get(branch)!);
  return [
    ['考勤 (a branch meeting)', dm(sec, `考勤 ${meeting}`)],
    ['本季度 (branch)', dm(sec, '本季度')],
    ['本季度 (区委)', dm(rootSecretary, '本季度')],
    ['成员 (区委)', dm(rootSecretary, '成员')],
    ['成员 (a 总支)', dm(rootSecretary, `成员 ${general}`)],
    ['未读 (district notice)', dm(rootSecretary, `未读 ${notice}`)],
    ['会议列表 (branch)', dm(sec, '会议列表')],
    ['需求列表 (branch)', dm(sec, '需求列表')],
    ['需求列表 (区委)', dm(rootSecretary, '需求列表')],
    ['结对统计 (branch)', dm(sec, '结对统计')],
    ['结对统计 (区委)', dm(rootSecretary, '结对统计')],
    ['看板 data (branch)', get(`/dashboard/api/unit/${branch}`, branchCookie)],
    ['看板 data (区委)', get(`/dashboard/api/unit/${rootId}`, rootCookie)],
    ['看板 page (区委)', get(`/dashboard/unit/${rootId}`, rootCookie)],
  ];
}

export function latency(r: ClientResult): Figures & { n: number; p99: number } {
  const s = [...r.ms].sort((a, b) => a - b);
  return {
    n: r.ms.length,
    p50: round(quantile(s, 0.5), 2),
    p95: round(quantile(s, 0.95), 2),
    p99: round(quantile(s, 0.99), 2),
    kib: round(r.bytes / 1024, 1),
    errors: r.errors + r.non2xx + (r.ok - r.matched),
  };
}

/**
 * What a bot in 1,000 groups mostly handles, 10 messages per person: 7 of group chatter (no reply,
 * no query), then 帮助 in the group, 会议列表 by direct message and a (repeated) 签到 in the group.
 */
export function chatterMix(platform: string, people: [string, string][]): ClientRequest[] {
  const say = (chatId: string, from: string, id: string, text: string) =>
    message({
      platform,
      chatId,
      chatType: chatId.startsWith('oc_') ? 'group' : 'direct',
      senderId: from,
      messageId: id,
      text,
    });
  return people.flatMap(([b, m], i) => [
    ...['今天下午几点开会？', '好的', '收到，谢谢书记', '我晚点到', '大家辛苦了', '明白', '👍'].map((t, k) =>
      say(`oc_${b}`, `ou_${m}`, `t${i}-${k}`, t),
    ),
    say(`oc_${b}`, `ou_${m}`, `h${i}`, '帮助'),
    say(`ou_${m}`, `ou_${m}`, `l${i}`, '会议列表'),
    say(`oc_${b}`, `ou_${m}`, `a${i}`, '签到'),
  ]);
}
