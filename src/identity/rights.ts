import { RIGHT_AREAS, RightArea, RightLevel, Rights } from '../common/security/rights';

// How rights combine: who may grant what, and what an API key may do.

export const FULL_RIGHTS: Rights = { documents: 'write', signing: 'write', billing: 'write', administration: 'write' };
export const NO_RIGHTS: Rights = { documents: 'none', signing: 'none', billing: 'none', administration: 'none' };

const RANK: Record<RightLevel, number> = { none: 0, read: 1, write: 2 };

export function hasRight(rights: Rights, area: RightArea, level: Exclude<RightLevel, 'none'>): boolean {
  return RANK[rights[area] ?? 'none'] >= RANK[level];
}

// True when every right in `requested` is covered by `holder` (nobody grants what they lack).
export function coversRights(holder: Rights, requested: Rights): boolean {
  return RIGHT_AREAS.every((area) => RANK[holder[area]] >= RANK[requested[area]]);
}

// A lower bound of two rights sets: an API key never exceeds the rights of the user behind it.
export function intersectRights(a: Rights, b: Rights): Rights {
  const result = { ...NO_RIGHTS };
  for (const area of RIGHT_AREAS) result[area] = RANK[a[area]] <= RANK[b[area]] ? a[area] : b[area];
  return result;
}
