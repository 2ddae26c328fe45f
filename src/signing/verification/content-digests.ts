// The signed content as the checks see it: the bytes (attached eContent or a detached buffer), or
// only their digests, so that a large detached document can be hashed as a stream by the caller
// (pkijs cannot take a precomputed digest, implementation-notes.md "pkijs pitfalls").

import { createHasher, digestAlgorithm, DigestAlgorithmInfo } from './algorithms';
import type { ParsedCms } from './cms-parser';

// Digest OID (e.g. 2.16.840.1.101.3.4.2.1, 1.2.398.3.10.1.3.3) -> digest of the content.
export type DetachedDigests = Readonly<Record<string, Uint8Array>>;

export class ContentDigests {
  private readonly computed = new Map<string, Uint8Array>();

  constructor(
    readonly content: Uint8Array | undefined,
    private readonly supplied: DetachedDigests = {},
  ) {}

  get available(): boolean {
    return this.content !== undefined || Object.keys(this.supplied).length > 0;
  }

  // Several signers usually share one digest algorithm: hash the content once per algorithm.
  digest(algorithm: DigestAlgorithmInfo): Uint8Array | undefined {
    if (this.content === undefined) {
      const given = this.supplied[algorithm.oid];
      return given ? new Uint8Array(given) : undefined;
    }
    let value = this.computed.get(algorithm.oid);
    if (!value) {
      value = createHasher(algorithm).update(this.content).digest();
      this.computed.set(algorithm.oid, value);
    }
    return value;
  }
}

// The digest algorithms a caller must stream a detached document through.
export function requiredDigestAlgorithms(cms: ParsedCms): string[] {
  return [...new Set(cms.signers.map((s) => s.digestAlgorithm))].filter((oid) => digestAlgorithm(oid) !== undefined);
}

// One pass over the document for all requested algorithms (unknown OIDs are skipped).
export async function hashContent(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  digestOids: readonly string[],
): Promise<DetachedDigests> {
  const hashers = digestOids.flatMap((oid) => {
    const algorithm = digestAlgorithm(oid);
    return algorithm ? [{ oid, hasher: createHasher(algorithm) }] : [];
  });
  for await (const chunk of chunks) for (const { hasher } of hashers) hasher.update(chunk);
  return Object.fromEntries(hashers.map(({ oid, hasher }) => [oid, hasher.digest()]));
}

// Digests of stored content that never changes, by a key naming that content (its id and
// SHA-256), for the signatures that come later over the same content. Bounded: the least
// recently used key goes first.
export class ContentDigestCache {
  private readonly entries = new Map<string, DetachedDigests>();

  constructor(private readonly maxEntries = 10_000) {}

  // The digests for every one of `oids`, or undefined when one is missing.
  get(key: string, oids: readonly string[]): DetachedDigests | undefined {
    const known = this.entries.get(key);
    if (!known || !oids.every((oid) => known[oid])) return undefined;
    this.entries.delete(key);
    this.entries.set(key, known);
    return Object.fromEntries(oids.map((oid) => [oid, new Uint8Array(known[oid])]));
  }

  set(key: string, digests: DetachedDigests): void {
    const merged = { ...this.entries.get(key), ...digests };
    this.entries.delete(key);
    this.entries.set(key, merged);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
