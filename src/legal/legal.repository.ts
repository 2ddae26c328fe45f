import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { LegalAcceptance } from './entities/legal-acceptance.entity';
import { LegalDocumentVersion } from './entities/legal-document-version.entity';
import { LegalDocumentKind } from './legal-document-types';

export type NewLegalVersion = Omit<LegalDocumentVersion, 'id' | 'createdAt'>;
export type NewLegalAcceptance = Omit<LegalAcceptance, 'id' | 'acceptedAt'>;

@Injectable()
export class LegalRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listVersions(kind: LegalDocumentKind) {
    return this.dataSource.manager.find(LegalDocumentVersion, { where: { kind }, order: { version: 'DESC' } });
  }

  findVersion(kind: LegalDocumentKind, version: number) {
    return this.dataSource.manager.findOneBy(LegalDocumentVersion, { kind, version });
  }

  // The version in force at `at`: effective dates grow with the version number, so it is the
  // highest version already in effect.
  findInForce(kind: LegalDocumentKind, at: Date) {
    return this.dataSource.manager.findOne(LegalDocumentVersion, {
      where: { kind, effectiveFrom: LessThanOrEqual(at) },
      order: { version: 'DESC' },
    });
  }

  findLatest(kind: LegalDocumentKind, manager = this.dataSource.manager) {
    return manager.findOne(LegalDocumentVersion, { where: { kind }, order: { version: 'DESC' } });
  }

  // Publishing takes a per-kind transaction lock so two operators cannot both write version N+1.
  async publish(kind: LegalDocumentKind, build: (latest: LegalDocumentVersion | null) => NewLegalVersion) {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('legal_document_versions:' || $1))`, [kind]);
      const latest = await this.findLatest(kind, manager);

      return manager.save(manager.create(LegalDocumentVersion, build(latest)));
    });
  }

  // Boot-time seeding: a version that exists is left alone (published texts are never rewritten).
  async insertIfMissing(version: NewLegalVersion): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(LegalDocumentVersion)
      .values(version)
      .orIgnore()
      .execute();

    return result.identifiers.filter(Boolean).length > 0;
  }

  insertAcceptance(manager: EntityManager, acceptance: NewLegalAcceptance) {
    return manager.save(manager.create(LegalAcceptance, acceptance));
  }

  listAcceptances(organizationId: string) {
    return this.dataSource.manager.find(LegalAcceptance, { where: { organizationId }, order: { acceptedAt: 'DESC' } });
  }

  findAcceptance(organizationId: string, id: string) {
    return this.dataSource.manager.findOneBy(LegalAcceptance, { organizationId, id });
  }

  // The evidence columns are not selected by default (they are large).
  findAcceptanceEvidence(organizationId: string, id: string) {
    return this.dataSource.manager
      .createQueryBuilder(LegalAcceptance, 'acceptance')
      .addSelect(['acceptance.cms', 'acceptance.report'])
      .where('acceptance.organizationId = :organizationId AND acceptance.id = :id', { organizationId, id })
      .getOne();
  }
}
