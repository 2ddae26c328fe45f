// Areas of a cabinet a user or API key may be granted, and the level in each [A 3.3, 3.4].
export const RIGHT_AREAS = ['documents', 'signing', 'billing', 'administration'] as const;
export type RightArea = (typeof RIGHT_AREAS)[number];

export const RIGHT_LEVELS = ['none', 'read', 'write'] as const;
export type RightLevel = (typeof RIGHT_LEVELS)[number];

export type Rights = Record<RightArea, RightLevel>;

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
