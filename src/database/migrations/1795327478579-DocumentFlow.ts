import { MigrationInterface, QueryRunner } from 'typeorm';

// Generated, plus (hand-written at the end of up / start of down, TypeORM cannot generate triggers)
// the append-only triggers: the database itself refuses to change or delete a document event or an
// outgoing-ledger row, whatever the application does.

export class DocumentFlow1795327478579 implements MigrationInterface {
  name = 'DocumentFlow1795327478579';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "document_packages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ownerOrganizationId" uuid NOT NULL, "title" character varying(500), "allOrNothing" boolean NOT NULL DEFAULT false, "sentAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d8b0d0c5f58c62d21d6bc563003" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_493ff17a6136dfadfa629f0bb7" ON "document_packages" ("ownerOrganizationId", "createdAt") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."document_kind" AS ENUM('contract', 'act', 'invoice', 'waybill', 'other')`);
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ownerOrganizationId" uuid NOT NULL, "title" character varying(500) NOT NULL, "kind" "public"."document_kind" NOT NULL, "number" character varying(100), "documentDate" date, "amountMinor" bigint, "currency" character(3), "tags" text array NOT NULL DEFAULT '{}', "fileName" character varying(255) NOT NULL, "contentType" character varying(200) NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "objectKey" character varying(512) NOT NULL, "packageId" uuid, "createdByUserId" uuid, "createdByLabel" character varying(300) NOT NULL, "senderSignedAt" TIMESTAMP WITH TIME ZONE, "sentAt" TIMESTAMP WITH TIME ZONE, "lastEventSeq" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a6739e61651862019005e95963" ON "documents" ("ownerOrganizationId", "createdAt") `);
    await queryRunner.query(`CREATE TYPE "public"."document_signature_role" AS ENUM('sender', 'recipient')`);
    await queryRunner.query(`CREATE TYPE "public"."document_signed_content" AS ENUM('document', 'statement')`);
    await queryRunner.query(
      `CREATE TABLE "document_signatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "documentId" uuid NOT NULL, "eventId" uuid NOT NULL, "recipientId" uuid, "organizationId" uuid, "role" "public"."document_signature_role" NOT NULL, "signedContent" "public"."document_signed_content" NOT NULL, "action" character varying(40) NOT NULL, "cms" bytea NOT NULL, "signerIin" character varying(12), "signerBin" character varying(12), "signerName" character varying(500) NOT NULL, "signerRoles" text array NOT NULL DEFAULT '{}', "certificateSha256" character(64) NOT NULL, "report" jsonb NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b0371a619a84f2d89ad8aef7f33" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b732db77828c9af79759c09ee9" ON "document_signatures" ("documentId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "document_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "documentId" uuid NOT NULL, "seq" integer NOT NULL, "type" character varying(60) NOT NULL, "recipientId" uuid, "actorOrganizationId" uuid, "actorUserId" uuid, "actorLabel" character varying(300) NOT NULL, "signatureId" uuid, "reason" text, "statement" text, "data" jsonb NOT NULL DEFAULT '{}', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e0586bf33dbebc27b2bbafcd8de" UNIQUE ("documentId", "seq"), CONSTRAINT "PK_bf1a908ea94874e55855ccf9601" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."document_receipt_status" AS ENUM('none', 'delivered', 'opened', 'receipt_signed')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."document_response_status" AS ENUM('awaiting', 'signed', 'refused', 'correction_requested')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."document_annulment_status" AS ENUM('none', 'offered_by_sender', 'offered_by_recipient', 'accepted', 'rejected')`,
    );
    await queryRunner.query(
      `CREATE TABLE "document_recipients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "documentId" uuid NOT NULL, "identifier" character varying(12) NOT NULL, "email" character varying(320), "recipientOrganizationId" uuid, "receipt" "public"."document_receipt_status" NOT NULL DEFAULT 'none', "response" "public"."document_response_status" NOT NULL DEFAULT 'awaiting', "annulment" "public"."document_annulment_status" NOT NULL DEFAULT 'none', "status" character varying(40) NOT NULL, "deliveredAt" TIMESTAMP WITH TIME ZONE, "openedAt" TIMESTAMP WITH TIME ZONE, "receiptSignedAt" TIMESTAMP WITH TIME ZONE, "respondedAt" TIMESTAMP WITH TIME ZONE, "annulmentChangedAt" TIMESTAMP WITH TIME ZONE, "lastReason" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c0df9bbf47d4754af1e41233397" UNIQUE ("documentId", "identifier"), CONSTRAINT "PK_c42be515850fada4d93a9922627" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8358afbcc16a6a90fc70bd56b7" ON "document_recipients" ("recipientOrganizationId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "document_statements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "documentId" uuid NOT NULL, "recipientId" uuid, "action" character varying(40) NOT NULL, "side" character varying(10) NOT NULL, "actorOrganizationId" uuid, "linkId" uuid, "textSha256" character(64) NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "usedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d5b51aa29b3dc427fcd9da7cd98" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8610d9f198b95318ebe125b0d9" ON "document_statements" ("documentId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5a177707f1e864bf888db446f4" ON "document_statements" ("textSha256") `);
    await queryRunner.query(
      `CREATE TABLE "outgoing_ledger" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organizationId" uuid NOT NULL, "documentId" uuid NOT NULL, "recipientId" uuid NOT NULL, "period" character(7) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_7f14b5f57861b78ef35e6b9d7f9" UNIQUE ("documentId", "recipientId"), CONSTRAINT "PK_7fd58a78395667ab0247a76875d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_26fea54039657b56544c10e9f0" ON "outgoing_ledger" ("organizationId", "period") `);
    await queryRunner.query(
      `CREATE TABLE "recipient_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipientId" uuid NOT NULL, "documentId" uuid NOT NULL, "tokenHash" character(64) NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "revokedAt" TIMESTAMP WITH TIME ZONE, "lastUsedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3154c681dc61f19ad096ca39f01" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_993b2f9e67b8f7ef081a4cd844" ON "recipient_links" ("recipientId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_bf7a85c8bb1f77c1563b8bc3f5" ON "recipient_links" ("tokenHash") `);
    await queryRunner.query(
      `CREATE TABLE "document_signing_policies" ("organizationId" uuid NOT NULL, "rules" jsonb NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8273b5c3af260c6057e43aafc46" PRIMARY KEY ("organizationId"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_c165d95c582c109207d94c871a3" FOREIGN KEY ("ownerOrganizationId") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_1966b13af5c44970072031361ea" FOREIGN KEY ("packageId") REFERENCES "document_packages"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_events" ADD CONSTRAINT "FK_2928cec5285590da7757fea08ea" FOREIGN KEY ("documentId") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_events" ADD CONSTRAINT "FK_9edcbc68e6b088e7295f49c8da9" FOREIGN KEY ("signatureId") REFERENCES "document_signatures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_recipients" ADD CONSTRAINT "FK_ea3938b3952aa5c10262288da53" FOREIGN KEY ("documentId") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recipient_links" ADD CONSTRAINT "FK_993b2f9e67b8f7ef081a4cd844c" FOREIGN KEY ("recipientId") REFERENCES "document_recipients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`
      CREATE FUNCTION documents_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER document_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON document_events
      FOR EACH STATEMENT EXECUTE FUNCTION documents_reject_change()`);
    await queryRunner.query(`
      CREATE TRIGGER outgoing_ledger_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON outgoing_ledger
      FOR EACH STATEMENT EXECUTE FUNCTION documents_reject_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER outgoing_ledger_append_only ON outgoing_ledger`);
    await queryRunner.query(`DROP TRIGGER document_events_append_only ON document_events`);
    await queryRunner.query(`DROP FUNCTION documents_reject_change()`);
    await queryRunner.query(`ALTER TABLE "recipient_links" DROP CONSTRAINT "FK_993b2f9e67b8f7ef081a4cd844c"`);
    await queryRunner.query(`ALTER TABLE "document_recipients" DROP CONSTRAINT "FK_ea3938b3952aa5c10262288da53"`);
    await queryRunner.query(`ALTER TABLE "document_events" DROP CONSTRAINT "FK_9edcbc68e6b088e7295f49c8da9"`);
    await queryRunner.query(`ALTER TABLE "document_events" DROP CONSTRAINT "FK_2928cec5285590da7757fea08ea"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_1966b13af5c44970072031361ea"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_c165d95c582c109207d94c871a3"`);
    await queryRunner.query(`DROP TABLE "document_signing_policies"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bf7a85c8bb1f77c1563b8bc3f5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_993b2f9e67b8f7ef081a4cd844"`);
    await queryRunner.query(`DROP TABLE "recipient_links"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_26fea54039657b56544c10e9f0"`);
    await queryRunner.query(`DROP TABLE "outgoing_ledger"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5a177707f1e864bf888db446f4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8610d9f198b95318ebe125b0d9"`);
    await queryRunner.query(`DROP TABLE "document_statements"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8358afbcc16a6a90fc70bd56b7"`);
    await queryRunner.query(`DROP TABLE "document_recipients"`);
    await queryRunner.query(`DROP TYPE "public"."document_annulment_status"`);
    await queryRunner.query(`DROP TYPE "public"."document_response_status"`);
    await queryRunner.query(`DROP TYPE "public"."document_receipt_status"`);
    await queryRunner.query(`DROP TABLE "document_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b732db77828c9af79759c09ee9"`);
    await queryRunner.query(`DROP TABLE "document_signatures"`);
    await queryRunner.query(`DROP TYPE "public"."document_signed_content"`);
    await queryRunner.query(`DROP TYPE "public"."document_signature_role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a6739e61651862019005e95963"`);
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP TYPE "public"."document_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_493ff17a6136dfadfa629f0bb7"`);
    await queryRunner.query(`DROP TABLE "document_packages"`);
  }
}
