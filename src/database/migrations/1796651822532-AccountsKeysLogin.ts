import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsKeysLogin1796651822532 implements MigrationInterface {
  name = 'AccountsKeysLogin1796651822532';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_attempts" ("keyHash" character(64) NOT NULL, "score" double precision NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4a729cfa16772a6e1a940989ebc" PRIMARY KEY ("keyHash"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_login_attempts_updated_at" ON "login_attempts" ("updatedAt") `);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "failedLoginAttempts"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "lockedUntil"`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "createdByApiKeyId" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_api_keys_created_by_user" ON "api_keys" ("createdByUserId") `);
    await queryRunner.query(`CREATE INDEX "IDX_api_keys_created_by_key" ON "api_keys" ("createdByApiKeyId") `);
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "CHK_api_keys_creator" CHECK ("createdByUserId" IS NOT NULL OR "revokedAt" IS NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "CHK_api_keys_creator"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_keys_created_by_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_keys_created_by_user"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "createdByApiKeyId"`);
    await queryRunner.query(`ALTER TABLE "users" ADD "lockedUntil" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "failedLoginAttempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`DROP INDEX "public"."IDX_login_attempts_updated_at"`);
    await queryRunner.query(`DROP TABLE "login_attempts"`);
  }
}
