import { MigrationInterface, QueryRunner } from 'typeorm';

export class DraftDeletion1796673514670 implements MigrationInterface {
  name = 'DraftDeletion1796673514670';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "documents" ADD "deletedAt" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "deletedAt"`);
  }
}
