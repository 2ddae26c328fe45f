import { Rights } from '../common/security/rights';
import { coversRights, FULL_RIGHTS, hasRight, intersectRights, NO_RIGHTS } from './rights';

const reader: Rights = { documents: 'read', signing: 'none', billing: 'read', administration: 'none' };

describe('rights', () => {
  it('orders levels none < read < write', () => {
    expect(hasRight(reader, 'documents', 'read')).toBe(true);
    expect(hasRight(reader, 'documents', 'write')).toBe(false);
    expect(hasRight(FULL_RIGHTS, 'administration', 'write')).toBe(true);
    expect(hasRight(NO_RIGHTS, 'billing', 'read')).toBe(false);
  });

  it('lets nobody grant more than they hold', () => {
    expect(coversRights(FULL_RIGHTS, reader)).toBe(true);
    expect(coversRights(reader, FULL_RIGHTS)).toBe(false);
    expect(coversRights(reader, { ...reader, signing: 'read' })).toBe(false);
    expect(coversRights(reader, reader)).toBe(true);
  });

  it('caps a key by its creator: the lower level in each area', () => {
    expect(intersectRights(FULL_RIGHTS, reader)).toEqual(reader);
    expect(intersectRights({ ...FULL_RIGHTS, documents: 'none' }, reader)).toEqual({ ...reader, documents: 'none' });
  });
});
