/** Need types (DOMAIN.md), in bit order: bit i of a skill mask means "fits NEED_TYPES[i]". */
export const NEED_TYPES = ['助老', '助残', '助学', '就业', '医疗', '法律', '心理', '其他'] as const;
export type NeedType = (typeof NEED_TYPES)[number];

const TYPE_SET: ReadonlySet<string> = new Set(NEED_TYPES);

/** Bit of a need type in skill masks. */
export function typeBit(type: NeedType): number {
  return 1 << NEED_TYPES.indexOf(type);
}

export function isNeedType(word: string): word is NeedType {
  return TYPE_SET.has(word);
}

/**
 * Words in a skill that make it fit a need type: the matching rule behind skill_mask. A skill may
 * fit several types (护理 fits 助老, 助残 and 医疗); a skill that fits none fits no type (so 结对
 * never calls it 专长对口, not even for a 其他 need).
 */
const SKILL_WORDS: ReadonlyMap<NeedType, readonly string[]> = new Map<NeedType, readonly string[]>([
  [
    '助老',
    ['助老', '养老', '陪护', '陪伴', '陪聊', '护理', '买菜', '家政', '保洁', '维修', '理发', '送餐', '代购', '跑腿'],
  ],
  ['助残', ['助残', '康复', '手语', '护理', '陪护', '轮椅', '盲文']],
  [
    '助学',
    ['助学', '辅导', '家教', '教师', '老师', '教学', '作业', '课业', '英语', '数学', '语文', '书法', '美术', '音乐'],
  ],
  ['就业', ['就业', '招聘', '求职', '职业', '培训', '创业', '简历', '技能', '人力']],
  ['医疗', ['医疗', '医生', '医师', '护士', '护理', '就医', '中医', '按摩', '推拿', '药', '急救', '健康']],
  ['法律', ['法律', '律师', '法务', '调解', '维权', '公证']],
  ['心理', ['心理', '咨询', '疏导', '谈心', '社工']],
  ['其他', ['其他', '其它', '电脑', '手机', '电工', '水电', '搬运', '司机', '开车', '摄影', '宣传']],
]);

/** Most skills one profile keeps, and most characters of each. */
export const MAX_SKILLS = 10;
export const MAX_SKILL_CHARS = 20;

/** Need types a list of skills fits, as a bit mask. */
export function skillMask(skills: readonly string[]): number {
  let mask = 0;
  for (const skill of skills) {
    NEED_TYPES.forEach((type, i) => {
      if (SKILL_WORDS.get(type)!.some((w) => skill.includes(w))) mask |= 1 << i;
    });
  }
  return mask;
}

/** The types in a mask, in order. */
export function typesOf(mask: number): NeedType[] {
  return NEED_TYPES.filter((_, i) => (mask & (1 << i)) !== 0);
}

export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];
