import type { Request } from 'express';
import { PassThrough } from 'node:stream';
import { DomainError } from '../../common/errors/domain.error';
import { CommonErrorCode } from '../../common/errors/common.errors';
import { SigningErrorCode } from '../signing.errors';
import { MemoryBudget, MULTIPART_LIMITS, readVerifyMultipart } from './verify-multipart';

const BOUNDARY = 'edo-test-boundary';

function part(name: string, body: Buffer, filename?: string): Buffer {
  const disposition = `form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}`;
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`),
    body,
    Buffer.from('\r\n'),
  ]);
}

// A request whose body is written in 64 KB chunks, one per turn of the event loop, so that two
// requests are read side by side.
function multipartRequest(parts: Buffer[], declaredLength?: number | null): Request {
  const body = Buffer.concat([...parts, Buffer.from(`--${BOUNDARY}--\r\n`)]);
  const stream = new PassThrough();
  Object.assign(stream, {
    headers: {
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      // null: sent chunked, no declared length.
      ...(declaredLength !== null && { 'content-length': String(declaredLength ?? body.length) }),
    },
  });
  let offset = 0;
  const pump = () => {
    if (offset >= body.length) return void stream.end();
    stream.write(body.subarray(offset, offset + 64 * 1024));
    offset += 64 * 1024;
    setImmediate(pump);
  };
  setImmediate(pump);
  return stream as unknown as Request;
}

const fileOf = (bytes: number) => Buffer.alloc(bytes, 0x41);

describe('readVerifyMultipart', () => {
  it.each([
    ['a declared length, reserved whole before reading', undefined],
    ['no declared length (chunked), reserved chunk by chunk', null],
  ])(
    'holds at most the memory budget over parallel requests (%s): the one that does not fit gets 503 VERIFICATION_BUSY and holds nothing',
    async (_how, declared) => {
      const budget = new MemoryBudget(1024 * 1024);
      const body = (file: string) => [part('cms', Buffer.from('MA==')), part('data', fileOf(700_000), file)];
      const first = readVerifyMultipart(multipartRequest(body('a.bin'), declared), budget);
      const second = readVerifyMultipart(multipartRequest(body('b.bin'), declared), budget);
      const outcomes = await Promise.allSettled([first, second]);

      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      const read = outcomes.filter((o) => o.status === 'fulfilled');
      expect(read).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toBeInstanceOf(DomainError);
      expect(refused[0]!.reason).toMatchObject({
        code: SigningErrorCode.VerificationBusy,
        headers: { 'Retry-After': '2' },
      });
      // Only the admitted request is held (its whole declared length, or the bytes of its parts:
      // the cms, sent as a file part, and the data), until the verification releases it.
      const parts = (read[0] as PromiseFulfilledResult<Awaited<typeof first>>).value;
      expect(budget.usedBytes).toBeGreaterThanOrEqual(700_004);
      expect(budget.usedBytes).toBeLessThan(701_000);
      parts.release();
      expect(budget.usedBytes).toBe(0);
    },
  );

  it('lets go of its reservation when the client goes away mid-body (before, busboy never closed and it stayed taken)', async () => {
    const budget = new MemoryBudget(MULTIPART_LIMITS.totalBytes);
    const stream = new PassThrough();
    Object.assign(stream, {
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(60 * 1024 * 1024) },
    });
    const reading = readVerifyMultipart(stream as unknown as Request, budget);
    stream.write(part('data', fileOf(100_000), 'd.bin').subarray(0, 50_000));
    await new Promise((resolve) => setImmediate(resolve));
    expect(budget.usedBytes).toBe(60 * 1024 * 1024);
    stream.destroy();
    await expect(reading).rejects.toMatchObject({ code: CommonErrorCode.ValidationFailed });
    expect(budget.usedBytes).toBe(0);
  });

  it('gives each file part a buffer of its own, so it can move to the worker', async () => {
    const budget = new MemoryBudget(MULTIPART_LIMITS.totalBytes);
    const parts = await readVerifyMultipart(
      multipartRequest([
        part('cms', fileOf(100), 'c.p7s'),
        part('data', fileOf(300_000), 'd.bin'),
        part('evidence', fileOf(50), 'e.crl'),
      ]),
      budget,
    );
    // Three distinct buffers, one per part, each starting with its part (never node's shared pool).
    expect(new Set(parts.transferable).size).toBe(3);
    const [cms, data, evidence] = [parts.cms as Uint8Array, parts.data!, parts.revocationEvidence[0]!];
    expect([cms.byteLength, data.byteLength, evidence.byteLength]).toEqual([100, 300_000, 50]);
    for (const part of [cms, data, evidence]) {
      expect(part.byteOffset).toBe(0);
      expect(parts.transferable).toContain(part.buffer);
      expect(Buffer.from(part).equals(fileOf(part.byteLength))).toBe(true);
    }
    parts.release();
    expect(budget.usedBytes).toBe(0);
  });

  it('refuses a declared length over the request limit before reading the body, holding nothing', async () => {
    const budget = new MemoryBudget(MULTIPART_LIMITS.totalBytes);
    await expect(
      readVerifyMultipart(multipartRequest([part('cms', Buffer.from('MA=='))], MULTIPART_LIMITS.totalBytes + 1), budget),
    ).rejects.toMatchObject({ code: CommonErrorCode.PayloadTooLarge });
    expect(budget.usedBytes).toBe(0);
  });

  it('lets go of a part over its limit at once', async () => {
    const budget = new MemoryBudget(MULTIPART_LIMITS.totalBytes);
    await expect(
      readVerifyMultipart(multipartRequest([part('cms', fileOf(MULTIPART_LIMITS.cmsBytes + 1), 'big.p7s')]), budget),
    ).rejects.toMatchObject({ code: CommonErrorCode.PayloadTooLarge });
    expect(budget.usedBytes).toBe(0);
  });
});
