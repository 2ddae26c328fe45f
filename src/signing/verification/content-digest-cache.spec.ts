import { ContentDigestCache } from './content-digests';

const SHA256 = '2.16.840.1.101.3.4.2.1';
const STREEBOG512 = '1.2.643.7.1.1.2.3';

describe('ContentDigestCache', () => {
  it('answers only when every asked algorithm is known, with copies', () => {
    const cache = new ContentDigestCache();
    cache.set('doc-1:abc', { [SHA256]: new Uint8Array([1, 2]) });
    expect(cache.get('doc-1:abc', [SHA256, STREEBOG512])).toBeUndefined();
    cache.set('doc-1:abc', { [STREEBOG512]: new Uint8Array([3]) });
    const both = cache.get('doc-1:abc', [SHA256, STREEBOG512])!;
    expect(both).toEqual({ [SHA256]: new Uint8Array([1, 2]), [STREEBOG512]: new Uint8Array([3]) });
    both[SHA256][0] = 9;
    expect(cache.get('doc-1:abc', [SHA256])![SHA256]).toEqual(new Uint8Array([1, 2]));
    expect(cache.get('doc-2:abc', [SHA256])).toBeUndefined();
  });

  it('forgets the least recently used content first', () => {
    const cache = new ContentDigestCache(2);
    cache.set('a', { [SHA256]: new Uint8Array([1]) });
    cache.set('b', { [SHA256]: new Uint8Array([2]) });
    cache.get('a', [SHA256]);
    cache.set('c', { [SHA256]: new Uint8Array([3]) });
    expect(cache.get('b', [SHA256])).toBeUndefined();
    expect(cache.get('a', [SHA256])).toBeDefined();
    expect(cache.get('c', [SHA256])).toBeDefined();
  });
});
