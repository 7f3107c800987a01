import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, inviteCode, type TestCore } from '../../helpers/core.js';
import { addMember } from '../../helpers/meetings.js';

let t: TestCore | undefined;
afterEach(async () => t?.close());

async function district(): Promise<TestCore> {
  const core = await createTestCore();
  await core.say({ from: 'admin', text: '建组织 泰山区某社区党委' });
  await core.say({ from: 'admin', text: '建组织 泰山区某社区第一支部 泰山区某社区党委' });
  await core.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
  return core;
}

describe('a name that is not found offers the closest one', () => {
  it('units: a prefix or a near miss is suggested, nothing when none is close or two are', async () => {
    t = await district();
    const admin = (text: string) => t!.say({ from: 'admin', text });
    expect(await admin('建组织 第三支部 泰山区某社区')).toBe(
      '找不到上级组织「泰山区某社区」。是不是「泰山区某社区党委」？',
    );
    expect(await admin('成员 第二支布')).toContain('找不到组织「第二支布」。是不是「第二支部」？');
    expect(await admin('成员 和平街道党工委')).toBe('找不到组织「和平街道党工委」。');
    expect(await admin('建组织 第一党小组 泰山区某社区第一')).toContain('是不是「泰山区某社区第一支部」？');
  });

  it('people: a near name within the asker’s scope only, never a guess between two', async () => {
    t = await district();
    const code = inviteCode(await t.say({ from: 'admin', text: '邀请 书记 第二支部' }));
    await t.say({ from: 'sec', text: `加入 ${code} 周书记` });
    await addMember(t, { userId: 'a', name: '欧阳秀英', unit: '第二支部' });
    await addMember(t, { userId: 'b', name: '王秀兰', unit: '泰山区某社区第一支部' });
    await addMember(t, { userId: 'c', name: '张三', unit: '第二支部' });
    await addMember(t, { userId: 'd', name: '张四', unit: '第二支部' });
    const appoint = (who: string) => t!.say({ from: 'sec', text: `任命 @${who} 委员` });
    expect(await appoint('欧阳秀')).toBe('找不到成员「欧阳秀」。是不是「欧阳秀英」？');
    expect(await appoint('欧阳秀瑛')).toBe('找不到成员「欧阳秀瑛」。是不是「欧阳秀英」？');
    // 王秀兰 is in another branch: the secretary of 第二支部 is not told she exists.
    expect(await appoint('王秀')).toBe('找不到成员「王秀」，对方需要先用邀请码加入。');
    expect(await appoint('张五')).toBe('找不到成员「张五」，对方需要先用邀请码加入。');
  });
});
