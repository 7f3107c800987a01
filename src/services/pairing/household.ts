import { eq } from 'drizzle-orm';
import { needs } from '../../db/schema.js';
import { CommandError } from '../../command/errors.js';
import type { Keyring } from '../crypto.js';
import type { Work } from '../../contracts/work.js';
import type { NeedRow } from './needs.js';
import { householdAad, mask, normalisePhone, type Household, type HouseholdField } from './privacy.js';

/** Conversation kind of the guided collection of a household's contact data. */
export const HOUSEHOLD_CONVERSATION = 'pairing.household';

/** What the guided exchange keeps between messages: only the need number, never the answers. */
export interface HouseholdConversationState {
  needId: number;
}

export type HouseholdStep = 'consent' | 'name' | 'phone' | 'address' | 'done' | 'declined';

export const MAX_HOUSEHOLD_NAME_CHARS = 20;
export const MAX_ADDRESS_CHARS = 80;

type SealedFields = Pick<NeedRow, 'consent' | 'nameEnc' | 'phoneEnc' | 'addressEnc'>;

/** The next question, from what is already stored (so a stopped exchange resumes where it was). */
export function nextStep(need: SealedFields): HouseholdStep {
  if (need.consent === false) return 'declined';
  if (need.consent === null) return 'consent';
  if (!need.nameEnc) return 'name';
  if (!need.phoneEnc) return 'phone';
  if (!need.addressEnc) return 'address';
  return 'done';
}

const PROMPTS: Record<'consent' | 'name' | 'phone' | 'address', string> = {
  consent: '第1步（共4步）：住户是否同意把姓名、电话、住址提供给社区和结对志愿者，用于上门服务？请回复「同意」或「不同意」。',
  name: '第2步（共4步）：请回复住户姓名。',
  phone: '第3步（共4步）：请回复住户联系电话（手机或带区号的座机）。',
  address: '第4步（共4步）：请回复住址（小区、楼栋、单元、门牌号）。',
};

/** The question for a step, naming the need. */
export function promptFor(needId: number, step: HouseholdStep): string {
  if (step === 'done') return `需求 #${needId} 的住户信息已登记完整。需要更正请发送「登记住户 ${needId} 重填」。`;
  if (step === 'declined') return `需求 #${needId} 的住户未同意提供个人信息。若住户改变主意，请发送「登记住户 ${needId} 重填」。`;
  return `【需求 #${needId} 住户信息】${PROMPTS[step]}`;
}

export const PRIVACY_FOOTER =
  '（只在私聊中登记；加密保存，只有本组织书记、委员和接单志愿者能在私聊中查看，每次查看都会记录。回复「取消」可暂停。）';

const YES = /^(同意|是|是的|愿意|好|好的|可以|对|行|yes|y|ok)$/i;
const NO = /^(不同意|否|不|不愿意|拒绝|不行|不可以|no|n)$/i;

/**
 * Takes one answer for `step`: validates it, seals it and writes it to the need. Refusals never
 * repeat what was typed (it may be personal data). Returns the step that follows.
 */
export async function recordAnswer(
  work: Work,
  ring: Keyring,
  need: NeedRow,
  step: HouseholdStep,
  text: string,
  actorMemberId: string | null,
): Promise<HouseholdStep> {
  const answer = text.trim();
  const set = (patch: Partial<NeedRow>) => work.write(work.db.update(needs).set(patch).where(eq(needs.id, need.id)));
  const seal = (field: HouseholdField, value: string) => ring.seal(value, householdAad(need.id, field));
  switch (step) {
    case 'consent': {
      const yes = YES.test(answer);
      if (!yes && !NO.test(answer)) throw new CommandError('请回复「同意」或「不同意」（或「取消」暂停登记）。');
      set({ consent: yes, consentAt: work.now.getTime(), consentBy: actorMemberId });
      return yes ? 'name' : 'declined';
    }
    case 'name': {
      const chars = [...answer];
      if (chars.length === 0 || chars.length > MAX_HOUSEHOLD_NAME_CHARS || /\d/.test(answer)) {
        throw new CommandError(`姓名应为 1-${MAX_HOUSEHOLD_NAME_CHARS} 个字、不含数字，请重新输入（或「取消」暂停）。`);
      }
      set({ nameEnc: await seal('name', answer) });
      return 'phone';
    }
    case 'phone': {
      const phone = normalisePhone(answer);
      if (!phone) throw new CommandError('电话格式不对：请输入 11 位手机号，或带区号的座机号（如 0538-1234567）。');
      set({ phoneEnc: await seal('phone', phone) });
      return 'address';
    }
    case 'address': {
      const chars = [...answer];
      if (chars.length < 4 || chars.length > MAX_ADDRESS_CHARS) throw new CommandError(`住址应为 4-${MAX_ADDRESS_CHARS} 个字，请重新输入。`);
      set({ addressEnc: await seal('address', answer) });
      return 'done';
    }
    default:
      return step;
  }
}

/** Wipes the household's data and consent so it can be entered again (重填). */
export function clearHousehold(work: Work, needId: number): void {
  work.write(
    work.db
      .update(needs)
      .set({ consent: null, consentAt: null, consentBy: null, nameEnc: null, phoneEnc: null, addressEnc: null })
      .where(eq(needs.id, needId)),
  );
}

/** "姓名 王*英，电话 138****5678，住址 阳光小区…": what the officer sees after entering it. */
export function maskedSummary(h: Household): string {
  return (['name', 'phone', 'address'] as const)
    .filter((f) => h[f])
    .map((f) => `${{ name: '姓名', phone: '电话', address: '住址' }[f]} ${mask(f, h[f]!)}`)
    .join('，');
}

/** The full contact card, for a direct message to someone allowed to see it. */
export function householdCard(needId: number, h: Household): string {
  return [
    `【需求 #${needId} 住户信息 · 仅限你本人查看，请勿转发】`,
    `姓名：${h.name ?? '（未登记）'}`,
    `电话：${h.phone ?? '（未登记）'}`,
    `住址：${h.address ?? '（未登记）'}`,
    '本次查看已记录。服务记录里请不要写住户的姓名、电话和住址。',
  ].join('\n');
}
