import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SigningPolicyRecord } from '../entities/signing-policy.entity';

// Each organization's stored signing policy (signing-policy.ts reads it with its defaults).
@Injectable()
export class SigningPoliciesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rulesOf(organizationId: string, manager: EntityManager = this.dataSource.manager) {
    const row = await manager.findOne(SigningPolicyRecord, { where: { organizationId } });
    return row?.rules;
  }

  async put(organizationId: string, rules: SigningPolicyRecord['rules'], at: Date): Promise<void> {
    await this.dataSource.manager.upsert(SigningPolicyRecord, { organizationId, rules, updatedAt: at }, ['organizationId']);
  }
}
