import { units } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';

export type UnitType = 'committee' | 'general_branch' | 'branch' | 'group';

export interface Unit {
  id: string;
  name: string;
  type: UnitType;
  parentId: string | null;
  timeZone: string;
}

/** 党委 → 总支 → 支部 → 小组, outermost first. */
export const UNIT_TYPES: readonly UnitType[] = ['committee', 'general_branch', 'branch', 'group'];

/** The type a unit's name implies by its suffix, or null. */
export function unitTypeFromName(name: string): UnitType | null {
  if (/党委$/.test(name)) return 'committee';
  if (/总支(部)?$/.test(name)) return 'general_branch';
  if (/支部$/.test(name)) return 'branch';
  if (/小组$/.test(name)) return 'group';
  return null;
}

/** The type a word such as 支部 or 党小组 names, or null. */
export function unitTypeFromWord(word: string): UnitType | null {
  const w = word.replace(/^党/, '');
  return unitTypeFromName(w === '委' ? '党委' : w);
}

/** The whole unit tree, read at once (a district has hundreds of units, not millions). */
export class UnitTree {
  readonly byId = new Map<string, Unit>();
  private readonly byName = new Map<string, Unit>();
  private readonly children = new Map<string, Unit[]>();

  constructor(rows: Unit[]) {
    for (const u of rows) {
      this.byId.set(u.id, u);
      this.byName.set(u.name, u);
      if (u.parentId) {
        const list = this.children.get(u.parentId) ?? [];
        list.push(u);
        this.children.set(u.parentId, list);
      }
    }
  }

  static async load(db: Db): Promise<UnitTree> {
    const rows = await db.select().from(units);
    return new UnitTree(rows);
  }

  get(id: string | null | undefined): Unit | undefined {
    return id ? this.byId.get(id) : undefined;
  }

  findByName(name: string): Unit | undefined {
    return this.byName.get(name.trim());
  }

  /** Every unit's name. */
  names(): IterableIterator<string> {
    return this.byName.keys();
  }

  /** True when `unitId` is `ancestorId` or lies below it. */
  isWithin(unitId: string, ancestorId: string): boolean {
    for (let u = this.byId.get(unitId), hops = 0; u && hops < 64; u = this.get(u.parentId), hops++) {
      if (u.id === ancestorId) return true;
    }
    return false;
  }

  /** The unit and every unit below it, depth first. */
  subtree(id: string): Unit[] {
    const root = this.byId.get(id);
    if (!root) return [];
    const out: Unit[] = [];
    const stack = [root];
    while (stack.length) {
      const u = stack.pop()!;
      out.push(u);
      stack.push(...(this.children.get(u.id) ?? []).slice().reverse());
    }
    return out;
  }

  /** "泰山区某社区党委 / 第一支部" */
  path(id: string): string {
    const names: string[] = [];
    for (let u = this.byId.get(id), hops = 0; u && hops < 64; u = this.get(u.parentId), hops++) names.unshift(u.name);
    return names.join(' / ');
  }
}
