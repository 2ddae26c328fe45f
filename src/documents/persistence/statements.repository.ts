import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DocumentStatement } from '../entities/document-statement.entity';

// Issued statements (only their SHA-256 is stored, see statement.ts).
@Injectable()
export class StatementsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(statement: Omit<DocumentStatement, 'id'>): Promise<void> {
    await this.dataSource.manager.insert(DocumentStatement, statement);
  }

  findByText(textSha256: string): Promise<DocumentStatement | null> {
    return this.dataSource.manager.findOne(DocumentStatement, { where: { textSha256 } });
  }

  // Marks the statement used unless it already was; answers whether this call did.
  async consume(manager: EntityManager, statementId: string, at: Date): Promise<boolean> {
    const consumed = await manager
      .createQueryBuilder()
      .update(DocumentStatement)
      .set({ usedAt: at })
      .where('id = :id AND "usedAt" IS NULL', { id: statementId })
      .execute();
    return !!consumed.affected;
  }
}
