import { Streebog, streebog256, streebog512 } from './streebog';

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
// RFC 6986 prints messages and hashes as numbers, most-significant byte first: reverse to get byte strings.
const rfcToBytes = (h: string): Uint8Array => fromHex(h).reverse();

// Deterministic xorshift32 so a failure reproduces.
function pseudoRandomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

// RFC 6986 §10.1 (= GOST R 34.11-2012 Annex A, example 1): the 63-byte ASCII string below.
const M1_RFC =
  '323130393837363534333231303938373635343332313039383736353433323130393837363534333231303938373635343332313039383736353433323130';
const M1_H512_RFC =
  '486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b';
const M1_H256_RFC = '00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d';

// RFC 6986 §10.2 (= GOST R 34.11-2012 Annex A, example 2): 72 bytes of CP1251 Cyrillic text.
const M2_RFC =
  'fbe2e5f0eee3c820fbeafaebef20fffbf0e1e0f0f520e0ed20e8ece0ebe5f0f2f120fff0eeec20f120faf2fee5e2202ce8f6f3ede220e8e6eee1e8f0f2d1202ce8f0f2e5e220e5d1';
const M2_H512_RFC =
  '28fbc9bada033b1460642bdcddb90c3fb3e56c497ccd0f62b8a2ad4935e85f037613966de4ee00531ae60f3b5a47f8dae06915d5f2f194996fcabf2622e6881e';
const M2_H256_RFC = '508f7e553c06501d749a66fc28c6cac0b005746d97537fa85d9e40904efed29d';

describe('Streebog (GOST R 34.11-2012)', () => {
  describe('RFC 6986 §10 examples', () => {
    const m1 = rfcToBytes(M1_RFC);
    const m2 = rfcToBytes(M2_RFC);

    it('M1 reversed is the ASCII digit string the standard describes', () => {
      expect(Buffer.from(m1).toString('latin1')).toBe('012345678901234567890123456789012345678901234567890123456789012');
      expect(m1.length).toBe(63);
      expect(m2.length).toBe(72);
    });

    it('M1, 512-bit', () => {
      expect(toHex(streebog512(m1))).toBe(toHex(rfcToBytes(M1_H512_RFC)));
      // The same value as `openssl dgst -md_gost12_512` prints for the ASCII string.
      expect(toHex(streebog512(Buffer.from('012345678901234567890123456789012345678901234567890123456789012')))).toBe(
        '1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48',
      );
    });

    it('M1, 256-bit', () => {
      expect(toHex(streebog256(m1))).toBe(toHex(rfcToBytes(M1_H256_RFC)));
      expect(toHex(streebog256(m1))).toBe('9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500');
    });

    it('M2, 512-bit', () => {
      expect(toHex(streebog512(m2))).toBe(toHex(rfcToBytes(M2_H512_RFC)));
    });

    it('M2, 256-bit', () => {
      expect(toHex(streebog256(m2))).toBe(toHex(rfcToBytes(M2_H256_RFC)));
    });
  });

  // Not in the RFC; the 256-bit value is quoted from `openssl dgst -md_gost12_256` in gost-engine issue #79,
  // both were re-checked against OpenSSL's gost engine 3.0.1 (byte order as OpenSSL prints).
  it('empty input', () => {
    const empty = new Uint8Array(0);
    expect(toHex(streebog256(empty))).toBe('3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb');
    expect(toHex(streebog512(empty))).toBe(
      '8e945da209aa869f0455928529bcae4679e9873ab707b55315f56ceb98bef0a7362f715528356ee83cda5f2aac4c6ad2ba3a715c1bcd81cb8e9f90bf4c1c1a8a',
    );
  });

  describe.each([512, 256] as const)('incremental, %i-bit', (size) => {
    const oneShot = size === 512 ? streebog512 : streebog256;

    it('two chunks split at every position equal one-shot, lengths 0..300', () => {
      for (let len = 0; len <= 300; len++) {
        const data = pseudoRandomBytes(len, len + 1);
        const expected = toHex(oneShot(data));
        for (let cut = 0; cut <= len; cut++) {
          const h = new Streebog(size).update(data.subarray(0, cut)).update(data.subarray(cut));
          if (toHex(h.digest()) !== expected) throw new Error(`mismatch at len=${len} cut=${cut}`);
        }
      }
    });

    it('many small uneven chunks equal one-shot', () => {
      const data = pseudoRandomBytes(5000, 7);
      const sizes = pseudoRandomBytes(5000, 8);
      const h = new Streebog(size);
      for (let off = 0, i = 0; off < data.length; i++) {
        const n = sizes[i] % 150;
        h.update(data.subarray(off, off + n));
        off += n;
      }
      expect(toHex(h.digest())).toBe(toHex(oneShot(data)));
    });

    it('digest() does not consume the state', () => {
      const data = pseudoRandomBytes(200, 9);
      const h = new Streebog(size).update(data.subarray(0, 100));
      expect(toHex(h.digest())).toBe(toHex(oneShot(data.subarray(0, 100))));
      expect(toHex(h.digest())).toBe(toHex(oneShot(data.subarray(0, 100))));
      h.update(data.subarray(100));
      expect(toHex(h.digest())).toBe(toHex(oneShot(data)));
    });
  });

  it('defaults to 512 bits and rejects other sizes', () => {
    expect(new Streebog().digest().length).toBe(64);
    expect(new Streebog(256).digest().length).toBe(32);
    expect(() => new Streebog(384 as 512)).toThrow(RangeError);
  });
});
