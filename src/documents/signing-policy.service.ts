import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import type { TenantPrincipal } from '../common/security/principal';
import { SigningPolicyDto } from './dto';
import { SigningPoliciesRepository } from './persistence/signing-policies.repository';
import { effectivePolicy, SigningPolicyRules } from './signing-policy';

// Which certificate roles may sign which kind of document for an organization (its stored
// policy over the defaults, signing-policy.ts).
@Injectable()
export class SigningPolicyService {
  constructor(
    private readonly repository: SigningPoliciesRepository,
    private readonly clock: Clock,
  ) {}

  async policyOf(organizationId: string, manager?: EntityManager): Promise<SigningPolicyRules> {
    return effectivePolicy(await this.repository.rulesOf(organizationId, manager));
  }

  async putPolicy(principal: TenantPrincipal, dto: SigningPolicyDto): Promise<SigningPolicyRules> {
    const rules = effectivePolicy({ ...(await this.policyOf(principal.organizationId)), ...(dto as Record<string, string[]>) });
    await this.repository.put(principal.organizationId, rules, this.clock.now());
    return rules;
  }
}
