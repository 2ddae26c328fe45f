import { DomainError } from '../errors/domain.error';
import { CommonErrorCode } from '../errors/common.errors';
import { assertJsonBodyWithinLimits, assertJsonWithinLimits, JSON_LIMITS } from './json-limits';

const LIMITS = { depth: 4, membersPerObject: 3, members: 5 };

function refusal(run: () => void): Record<string, unknown> | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(CommonErrorCode.RequestTooComplex);
    return (error as DomainError).details;
  }
  return undefined;
}

describe('assertJsonWithinLimits', () => {
  it('lets through what stays within every limit, as text and as UTF-8 bytes', () => {
    const text = '{"a":{"b":[1,2,{"c":"ü:{[\\"x"}]},"d":3}';
    expect(refusal(() => assertJsonWithinLimits(text, LIMITS))).toBeUndefined();
    expect(refusal(() => assertJsonWithinLimits(Buffer.from(text), LIMITS))).toBeUndefined();
  });

  it('refuses nesting deeper than the limit, arrays and objects alike', () => {
    expect(refusal(() => assertJsonWithinLimits('[[[[1]]]]', LIMITS))).toBeUndefined();
    expect(refusal(() => assertJsonWithinLimits('[[[[[1]]]]]', LIMITS))).toEqual({ limit: 'depth', max: 4 });
    expect(refusal(() => assertJsonWithinLimits('{"a":{"b":[{"c":{"d":1}}]}}', LIMITS))).toEqual({ limit: 'depth', max: 4 });
  });

  it('counts the members of each object and of all objects together, not colons inside strings', () => {
    expect(refusal(() => assertJsonWithinLimits('{"a":1,"b":2,"c":3,"d":4}', LIMITS))).toEqual({
      limit: 'membersPerObject',
      max: 3,
    });
    expect(refusal(() => assertJsonWithinLimits('[{"a":1,"b":2},{"a":1,"b":2},{"a":1,"b":2}]', LIMITS))).toEqual({
      limit: 'members',
      max: 5,
    });
    expect(refusal(() => assertJsonWithinLimits('{"a:b:c:d:e:f":"::::::"}', LIMITS))).toBeUndefined();
  });

  it('stops at the first member over the limit: 90,000 keys cost one pass, not 90,000² comparisons', () => {
    const body = Buffer.from(`{${Array.from({ length: 90_000 }, (_, i) => `"k${i}":1`).join(',')}}`);
    let reads = 0;
    const counting = new Proxy(Array.from(body), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    expect(refusal(() => assertJsonWithinLimits(counting as unknown as Uint8Array))).toEqual({
      limit: 'membersPerObject',
      max: JSON_LIMITS.membersPerObject,
    });
    // Each byte is read at most once, and only up to the member over the limit.
    expect(reads).toBeLessThan(JSON_LIMITS.membersPerObject * 12);
  });

  it('decodes UTF-16 before counting, and refuses a charset it cannot decode as UNSUPPORTED_MEDIA_TYPE', () => {
    expect(() => assertJsonBodyWithinLimits(Buffer.from(`${'['.repeat(40)}${']'.repeat(40)}`, 'utf16le'), 'utf-16le')).toThrow(
      expect.objectContaining({ code: CommonErrorCode.RequestTooComplex }),
    );
    expect(() => assertJsonBodyWithinLimits(Buffer.from('{"a":1}', 'utf16le'), 'utf-16le')).not.toThrow();
    expect(() => assertJsonBodyWithinLimits(Buffer.from('{}'), 'utf-99')).toThrow(
      expect.objectContaining({ code: CommonErrorCode.UnsupportedMediaType }),
    );
  });
});
