import { MigrationInterface, QueryRunner } from 'typeorm';

// A recipient the sender replaced (a mistyped BIN/IIN) is kept, marked withdrawn.
export class RecipientWithdrawn1796660000000 implements MigrationInterface {
  name = 'RecipientWithdrawn1796660000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "document_recipients" ADD "withdrawnAt" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "document_recipients" DROP COLUMN "withdrawnAt"`);
  }
}
