import { pairingFeature } from '../../commands/pairing/index.js';
import { Registry } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { DomainError } from '../../src/contracts/errors.js';
import { inviteCode, setupBranch, type TestCore } from './core.js';

/** A base64 data key for tests (32 bytes). */
export const TEST_DATA_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 1)).toString('base64');

/** The household used in scenarios; none of it may ever appear in a group or in the database. */
export const HOUSEHOLD = { name: '王秀英', phone: '13912345678', address: '阳光小区7号楼2单元502' } as const;

/**
 * 第一支部 (bound to g1) with secretary sec (王书记) and members v1 李四, v2 赵六; 第二支部 (bound to
 * g2) with secretary sec2 (孙书记) and member x1 钱七. Admin is 'admin'.
 */
export async function setupPairing(t: TestCore): Promise<void> {
  const code = await setupBranch(t, { title: '书记' });
  await t.say({ from: 'sec', text: `加入 ${code} 王书记` });
  for (const [id, name] of [
    ['v1', '李四'],
    ['v2', '赵六'],
  ] as const) {
    const c = inviteCode(await t.say({ from: 'admin', chat: 'g1', text: '邀请' }));
    await t.say({ from: id, text: `加入 ${c} ${name}` });
  }
  await t.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
  await t.say({ from: 'admin', chat: 'g2', text: '绑定 第二支部' });
  const s2 = inviteCode(await t.say({ from: 'admin', chat: 'g2', text: '邀请 书记' }));
  await t.say({ from: 'sec2', text: `加入 ${s2} 孙书记` });
  const x1 = inviteCode(await t.say({ from: 'admin', chat: 'g2', text: '邀请' }));
  await t.say({ from: 'x1', text: `加入 ${x1} 钱七` });
}

/** Registers a need from the group and walks the private intake to the end; returns the need number. */
export async function needWithHousehold(
  t: TestCore,
  text = '求助 助老 每周六上午陪同买菜 阳光小区 紧急',
  h: { name: string; phone: string; address: string } = HOUSEHOLD,
): Promise<number> {
  const reply = await t.say({ from: 'sec', chat: 'g1', text });
  const id = Number(/已登记需求 #(\d+)/.exec(reply)?.[1]);
  if (!id) throw new Error(`no need number in: ${reply}`);
  for (const answer of ['同意', h.name, h.phone, h.address, '确认']) await t.say({ from: 'sec', text: answer });
  return id;
}

const pairingTexts = Registry.of([pairingFeature]);

/** What a person reads when `fn` refuses (a command's refusal or a rendered pairing error); throws if it does not. */
export function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof CommandError) return err.toReply();
    if (err instanceof DomainError) return pairingTexts.renderError(err) ?? `unrendered ${err.code}`;
    throw err;
  }
  throw new Error('no refusal');
}
