import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DocumentPackage } from '../entities/document-package.entity';
import { DocumentRecord } from '../entities/document.entity';

// Packages: several documents sent together.
@Injectable()
export class PackagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(manager: EntityManager, pack: Omit<DocumentPackage, 'id'>): Promise<DocumentPackage> {
    return manager.save(manager.create(DocumentPackage, pack));
  }

  // The documents join the package (their rows are locked by the caller).
  async assign(manager: EntityManager, documentIds: string[], packageId: string): Promise<void> {
    await manager.update(DocumentRecord, { id: In(documentIds) }, { packageId });
  }

  // The organization's package, locked until the caller's transaction ends when `lock`.
  findOwned(
    packageId: string,
    organizationId: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<DocumentPackage | null> {
    return manager.findOne(DocumentPackage, {
      where: { id: packageId, ownerOrganizationId: organizationId },
      ...(lock && { lock: { mode: 'pessimistic_write' as const } }),
    });
  }

  find(manager: EntityManager, packageId: string): Promise<DocumentPackage | null> {
    return manager.findOne(DocumentPackage, { where: { id: packageId } });
  }

  // The ids of the package's documents (unordered).
  async memberIds(manager: EntityManager, packageId: string): Promise<string[]> {
    return (await manager.find(DocumentRecord, { where: { packageId }, select: { id: true } })).map((d) => d.id);
  }

  // The package's documents in upload order.
  members(manager: EntityManager, packageId: string): Promise<DocumentRecord[]> {
    return manager.find(DocumentRecord, { where: { packageId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async markSent(manager: EntityManager, packageId: string, at: Date): Promise<void> {
    await manager.update(DocumentPackage, { id: packageId }, { sentAt: at });
  }
}
