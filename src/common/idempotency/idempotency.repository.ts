import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { IdempotencyRecord, IdempotencyState } from './idempotency-record.entity';
import { IdempotencyClaim, IdempotencyResponseBox } from './idempotency-response-box';

@Injectable()
export class IdempotencyRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly responses: IdempotencyResponseBox,
  ) {}

  // Claims (scope, key) for this request; returns the earlier record when it was claimed before,
  // its response body opened.
  // A claim left in progress this long belongs to a request whose process died: it may be taken over.
  async claim(
    scope: string,
    key: string,
    requestHash: string,
    now: Date,
    expiresAt: Date,
    abandonedBefore: Date,
  ): Promise<{ claimed: true; id: string } | { claimed: false; existing: IdempotencyRecord }> {
    await this.dataSource.query(
      `DELETE FROM idempotency_records WHERE scope = $1 AND key = $2 AND state = 'in_progress' AND "createdAt" < $3`,
      [scope, key, abandonedBefore],
    );
    const inserted: { id: string }[] = await this.dataSource.query(
      `INSERT INTO idempotency_records (scope, key, "requestHash", state, "createdAt", "expiresAt")
       VALUES ($1, $2, $3, 'in_progress', $4, $5) ON CONFLICT (scope, key) DO NOTHING RETURNING id`,
      [scope, key, requestHash, now, expiresAt],
    );
    if (inserted.length) return { claimed: true, id: inserted[0].id };
    const existing = await this.dataSource.manager.findOneByOrFail(IdempotencyRecord, { scope, key });
    if (existing.state === IdempotencyState.Completed)
      existing.responseBody = this.responses.open(existing.responseBody, existing);

    return { claimed: false, existing };
  }

  // `manager`: the transaction of the operation itself, so that the response commits with it.
  // The body is stored sealed (IdempotencyResponseBox): it may hold a secret shown once.
  async complete(claim: IdempotencyClaim, status: number, body: unknown, manager: EntityManager = this.dataSource.manager) {
    await manager.query(`UPDATE idempotency_records SET state = $2, "responseStatus" = $3, "responseBody" = $4 WHERE id = $1`, [
      claim.id,
      IdempotencyState.Completed,
      status,
      JSON.stringify(this.responses.seal(body, claim)),
    ]);
  }

  // A failed request leaves no claim, unless its response was stored with its transaction.
  async release(id: string) {
    await this.dataSource.manager.delete(IdempotencyRecord, { id, state: IdempotencyState.InProgress });
  }

  async deleteExpired(now: Date): Promise<number> {
    const result = await this.dataSource.manager.delete(IdempotencyRecord, { expiresAt: LessThan(now) });

    return result.affected ?? 0;
  }
}
