import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProposedMemberships1796652822665 implements MigrationInterface {
  name = 'ProposedMemberships1796652822665';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "memberships" ADD "acceptedAt" TIMESTAMP WITH TIME ZONE DEFAULT now()`);
    await queryRunner.query(`ALTER TABLE "memberships" ADD "proposedFullName" character varying(300)`);
    await queryRunner.query(`ALTER TABLE "memberships" ADD "proposedEmail" character varying(320)`);
    await queryRunner.query(`ALTER TABLE "memberships" ADD "proposedIin" character varying(12)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "memberships" DROP COLUMN "proposedIin"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP COLUMN "proposedEmail"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP COLUMN "proposedFullName"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP COLUMN "acceptedAt"`);
  }
}
