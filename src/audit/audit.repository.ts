import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEvent } from './entities/audit-event.entity';

export type NewAuditEvent = Omit<AuditEvent, 'seq' | 'createdAt'>;

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // Written on its own connection, never inside the request's transaction: a failed action
  // that rolled back is still recorded.
  async insert(event: NewAuditEvent) {
    await this.dataSource.manager.insert(AuditEvent, event);
  }

  async list(organizationId: string, limit: number, filter: { beforeSeq?: string; action?: string; actorId?: string }) {
    const query = this.dataSource.manager
      .createQueryBuilder(AuditEvent, 'event')
      .where('event.organizationId = :organizationId', { organizationId })
      .orderBy('event.seq', 'DESC')
      .limit(limit + 1);
    if (filter.beforeSeq) query.andWhere('event.seq < :beforeSeq', { beforeSeq: filter.beforeSeq });
    if (filter.action) query.andWhere('event.action = :action', { action: filter.action });
    if (filter.actorId) query.andWhere('event.actorId = :actorId', { actorId: filter.actorId });

    return query.getMany();
  }
}
