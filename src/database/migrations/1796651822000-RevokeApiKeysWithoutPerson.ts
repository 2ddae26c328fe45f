import { MigrationInterface, QueryRunner } from 'typeorm';

// Hand-written data backfill, applied before AccountsKeysLogin adds the rule "a live key acts for
// a person". Keys created with another key used to record no person: nothing tells whom they act
// for, so nothing could cap their rights, and binding them to the main user would keep them at
// full rights for ever. They are revoked; the organization's administrators issue new ones (the
// key list shows them as revoked, with no person).
export class RevokeApiKeysWithoutPerson1796651822000 implements MigrationInterface {
  name = 'RevokeApiKeysWithoutPerson1796651822000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE api_keys SET "revokedAt" = now() WHERE "createdByUserId" IS NULL AND "revokedAt" IS NULL`);
  }

  // A revoked key stays revoked: which keys were live before cannot be told apart afterwards.
  public async down(): Promise<void> {}
}
