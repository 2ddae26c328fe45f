import { MigrationInterface, QueryRunner } from 'typeorm';

// A document's recipient identifiers are unique only among the recipients still taking part: a
// recipient replaced by mistake (withdrawn) can be sent to again as a new row.
export class RecipientUniqueWhileTakingPart1796680000000 implements MigrationInterface {
  name = 'RecipientUniqueWhileTakingPart1796680000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "document_recipients" DROP CONSTRAINT "UQ_c0df9bbf47d4754af1e41233397"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_e945b30aaec3e9bf5aa550f25e" ON "document_recipients" ("documentId", "identifier") WHERE "withdrawnAt" IS NULL`,
    );
  }

  // Fails, as it should, while a document has a withdrawn and a current row for one identifier.
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_e945b30aaec3e9bf5aa550f25e"`);
    await queryRunner.query(
      `ALTER TABLE "document_recipients" ADD CONSTRAINT "UQ_c0df9bbf47d4754af1e41233397" UNIQUE ("documentId", "identifier")`,
    );
  }
}
