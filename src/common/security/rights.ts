// The rights vocabulary: what routes require (@RequireRight) and a principal carries. Identity
// grants and combines rights (identity/rights.ts); every module's routes name them.
// Areas of a cabinet a user or API key may be granted, and the level in each [A 3.3, 3.4].
export const RIGHT_AREAS = ['documents', 'signing', 'billing', 'administration'] as const;
export type RightArea = (typeof RIGHT_AREAS)[number];

export const RIGHT_LEVELS = ['none', 'read', 'write'] as const;
export type RightLevel = (typeof RIGHT_LEVELS)[number];

export type Rights = Record<RightArea, RightLevel>;
