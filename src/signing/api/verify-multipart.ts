// POST /api/v1/verify as multipart/form-data: the same request as the JSON form, but files travel
// as they are (no base64, so a detached document or a full CRL is not limited by the JSON body
// size). Parts: cms (file or text field), data (file), evidence (files, repeatable),
// validationTime (text), policy (JSON text).

import type { Request } from 'express';
import busboy from 'busboy';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError } from '../../common/errors/domain.error';
import { CommonErrorCode } from '../../common/errors/common.errors';
import { assertJsonWithinLimits } from '../../common/http/json-limits';
import { RequestPolicy } from './verification-request';
import { verificationBusy } from './verification-pool';
import { MAX_EVIDENCE_ITEMS, VerifyPolicyDto } from './verify.dto';

export const MULTIPART_LIMITS = {
  cmsBytes: 1024 * 1024,
  // Held in memory while verifying: bounded per part and for the whole request.
  dataBytes: 32 * 1024 * 1024,
  evidenceBytes: 32 * 1024 * 1024,
  totalBytes: 64 * 1024 * 1024,
  fieldBytes: 64 * 1024,
} as const;

// Bytes of multipart verify bodies this process holds at once (all requests together), so that
// parallel large requests cannot grow the heap without bound: a request whose next chunk does
// not fit is refused with 503 VERIFICATION_BUSY (Retry-After) and its bytes are let go at once.
// One request of the largest allowed size always fits.
export const MULTIPART_MEMORY_BUDGET_BYTES = MULTIPART_LIMITS.totalBytes + 4 * 1024 * 1024;

export class MemoryBudget {
  private used = 0;

  constructor(readonly limitBytes: number) {}

  get usedBytes(): number {
    return this.used;
  }

  tryReserve(bytes: number): boolean {
    if (this.used + bytes > this.limitBytes) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

const processBudget = new MemoryBudget(MULTIPART_MEMORY_BUDGET_BYTES);

export interface VerifyParts {
  // DER bytes of a file part, or the text of a base64/PEM text part.
  readonly cms: Uint8Array | string;
  readonly data?: Uint8Array;
  readonly revocationEvidence: Uint8Array[];
  readonly validationTime?: Date;
  readonly policy?: RequestPolicy;
  // The buffers of the file parts, owned by this request alone: they may move to a worker.
  readonly transferable: ArrayBuffer[];
  // Gives the parts' bytes back to the memory budget; call once the verification is over.
  readonly release: () => void;
}

// Exported for the contract spec, which holds the documented multipart body to these lists.
export const FILE_PARTS = new Set(['cms', 'data', 'evidence']);
export const TEXT_PARTS = new Set(['cms', 'validationTime', 'policy']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function isMultipart(request: Request): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

const invalid = (field: string, problem: string) =>
  new DomainError(CommonErrorCode.ValidationFailed, { fields: [{ field, problems: [problem] }] });
const tooLarge = (what: string, limit: number) =>
  new DomainError(CommonErrorCode.PayloadTooLarge, {
    part: what,
    limitBytes: limit,
    hint: 'verify large documents through the upload flow',
  });
const busy = verificationBusy;

function partLimit(name: string): number {
  if (name === 'cms') return MULTIPART_LIMITS.cmsBytes;
  return name === 'data' ? MULTIPART_LIMITS.dataBytes : MULTIPART_LIMITS.evidenceBytes;
}

function parsePolicy(text: string): RequestPolicy {
  let raw: unknown;
  // The same bounds as a JSON body (class-transformer is quadratic in an object's keys).
  assertJsonWithinLimits(text);
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid('policy', 'policy must be a JSON object');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('policy', 'policy must be a JSON object');
  const dto = plainToInstance(VerifyPolicyDto, raw);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0)
    throw new DomainError(CommonErrorCode.ValidationFailed, {
      fields: errors.map((e) => ({ field: `policy.${e.property}`, problems: Object.values(e.constraints ?? {}) })),
    });
  return dto;
}

export function readVerifyMultipart(request: Request, budget: MemoryBudget = processBudget): Promise<VerifyParts> {
  return new Promise((resolve, reject) => {
    // A declared length over the limit is refused before a byte of the body is read.
    const declared = request.headers['content-length'] ? Number(request.headers['content-length']) : NaN;
    if (Number.isFinite(declared) && declared > MULTIPART_LIMITS.totalBytes) {
      request.resume();
      reject(tooLarge('request', MULTIPART_LIMITS.totalBytes));
      return;
    }
    // A declared length is reserved whole before reading: parallel requests do not each read a
    // share of the budget only to be refused half-way, and a refused one reads nothing. Without
    // one (chunked), each chunk is reserved as it comes.
    const preReserved = Number.isFinite(declared) ? declared : 0;
    if (!budget.tryReserve(preReserved)) {
      request.resume();
      reject(busy());
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: {
          fieldSize: MULTIPART_LIMITS.fieldBytes,
          files: MAX_EVIDENCE_ITEMS + 2,
          fields: 8,
          parts: MAX_EVIDENCE_ITEMS + 6,
        },
      });
    } catch {
      budget.release(preReserved);
      reject(new DomainError(CommonErrorCode.MalformedRequest));
      return;
    }
    let files = new Map<string, Uint8Array[]>();
    const texts = new Map<string, string>();
    let total = 0;
    let reserved = preReserved;
    const dropChunks: (() => void)[] = [];
    const release = () => {
      budget.release(reserved);
      reserved = 0;
    };
    let failure: DomainError | undefined;
    let settled = false;
    const fail = (error: DomainError) => {
      if (failure || settled) return;
      failure = error;
      settled = true;
      // The bytes read so far are let go now, not when the client has finished sending.
      for (const drop of dropChunks) drop();
      files = new Map();
      release();
      // Keep reading (and discarding) so the client gets the answer instead of a reset
      // connection, but no longer through the multipart parser.
      request.unpipe(parser);
      request.resume();
      reject(error);
    };

    parser.on('file', (name, stream) => {
      if (!FILE_PARTS.has(name) || (name !== 'evidence' && files.has(name))) {
        stream.resume();
        return fail(invalid(name, FILE_PARTS.has(name) ? `${name} given twice` : `unknown part ${name}`));
      }
      const limit = partLimit(name);
      // With a declared request length the part is written straight into one buffer of at most
      // that size (pages never written are never resident), so the bytes are held once; without,
      // the chunks are gathered and copied at the end.
      // (No more than the body can still hold: earlier parts already took `total` of it.)
      const capacity = Number.isFinite(declared) ? Math.max(0, Math.min(limit, declared - total)) : undefined;
      let whole: Uint8Array | undefined;
      let chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        if (failure) return;
        total += chunk.length;
        if (size + chunk.length > limit) return fail(tooLarge(name, limit));
        if (total > MULTIPART_LIMITS.totalBytes) return fail(tooLarge('request', MULTIPART_LIMITS.totalBytes));
        if (preReserved === 0) {
          if (!budget.tryReserve(chunk.length)) return fail(busy());
          reserved += chunk.length;
        }
        if (capacity !== undefined) {
          // Node ends the body at its declared length, so this only guards the arithmetic.
          if (size + chunk.length > capacity) return fail(tooLarge('request', capacity));
          if (!whole) {
            try {
              whole = new Uint8Array(capacity);
            } catch {
              // Memory the system would not give: refused like a full budget, not thrown out of
              // a stream listener.
              return fail(busy());
            }
          }
          whole.set(chunk, size);
        } else chunks.push(chunk);
        size += chunk.length;
      });
      stream.on('end', () => {
        if (failure) return;
        // A buffer of its own (never a slice of node's shared pool), so that it can be moved to
        // the verification worker.
        let part: Uint8Array;
        if (capacity !== undefined) part = (whole ?? new Uint8Array(0)).subarray(0, size);
        else {
          part = new Uint8Array(size);
          let offset = 0;
          for (const chunk of chunks) {
            part.set(chunk, offset);
            offset += chunk.length;
          }
          chunks = [];
        }
        files.set(name, [...(files.get(name) ?? []), part]);
      });
      dropChunks.push(() => {
        chunks = [];
        whole = undefined;
      });
    });
    parser.on('field', (name, value, info) => {
      if (!TEXT_PARTS.has(name)) return fail(invalid(name, `unknown part ${name}`));
      if (info.valueTruncated) return fail(tooLarge(name, MULTIPART_LIMITS.fieldBytes));
      texts.set(name, value);
    });
    parser.on('partsLimit', () => fail(invalid('evidence', `at most ${MAX_EVIDENCE_ITEMS} evidence parts`)));
    parser.on('filesLimit', () => fail(invalid('evidence', `at most ${MAX_EVIDENCE_ITEMS} evidence parts`)));
    parser.on('error', () => fail(new DomainError(CommonErrorCode.MalformedRequest)));
    parser.on('close', () => {
      if (failure) return;
      try {
        const cmsText = texts.get('cms');
        const cms = files.get('cms')?.[0] ?? cmsText;
        if (!cms || cms.length === 0) throw invalid('cms', 'cms is required (a file or a base64/PEM text part)');
        const time = texts.get('validationTime');
        if (time !== undefined && (!ISO_TIME.test(time) || Number.isNaN(Date.parse(time))))
          throw invalid('validationTime', 'validationTime must be an ISO 8601 time');
        const policy = texts.get('policy');
        const evidence = files.get('evidence') ?? [];
        if (evidence.length > MAX_EVIDENCE_ITEMS) throw invalid('evidence', `at most ${MAX_EVIDENCE_ITEMS} evidence parts`);
        const data = files.get('data')?.[0];
        const fileCms = files.get('cms')?.[0];
        settled = true;
        resolve({
          cms,
          ...(data && { data }),
          revocationEvidence: evidence,
          ...(time !== undefined && { validationTime: new Date(time) }),
          ...(policy !== undefined && { policy: parsePolicy(policy) }),
          transferable: [...(data ? [data] : []), ...(fileCms ? [fileCms] : []), ...evidence].map(
            (part) => part.buffer as ArrayBuffer,
          ),
          release,
        });
      } catch (error) {
        settled = true;
        release();
        reject(error);
      }
    });
    // A client that goes away mid-body ends nothing by itself (pipe does not forward the end, so
    // busboy would never close): without this the reservation above stayed taken for ever, and a
    // few aborted requests left every later multipart verify refused as busy.
    request.on('close', () => {
      if (request.complete || request.readableEnded || settled) return;
      // fail() drops what was read, gives the reservation back and unpipes the parser, which is
      // then left to the collector (destroying it would throw from its open file stream).
      fail(invalid('body', 'the request was interrupted'));
    });
    request.pipe(parser);
  });
}
