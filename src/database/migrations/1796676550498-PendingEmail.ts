import { MigrationInterface, QueryRunner } from 'typeorm';

export class PendingEmail1796676550498 implements MigrationInterface {
  name = 'PendingEmail1796676550498';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "pendingEmail" character varying(320)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "pendingEmailTokenHash" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "pendingEmailExpiresAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_users_pendingEmailTokenHash" ON "users" ("pendingEmailTokenHash") WHERE "pendingEmailTokenHash" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_users_pendingEmailTokenHash"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "pendingEmailExpiresAt"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "pendingEmailTokenHash"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "pendingEmail"`);
  }
}
