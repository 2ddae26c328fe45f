import { MigrationInterface, QueryRunner } from 'typeorm';

export class RegistrationSignatureLoginLegal1795326295515 implements MigrationInterface {
  name = 'RegistrationSignatureLoginLegal1795326295515';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organizationId" uuid NOT NULL, "iin" character varying(12) NOT NULL, "email" character varying(320), "rights" jsonb NOT NULL, "invitedByUserId" uuid, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "acceptedAt" TIMESTAMP WITH TIME ZONE, "acceptedByUserId" uuid, "revokedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_invitations_iin" ON "invitations" ("iin") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_invitations_open_org_iin" ON "invitations" ("organizationId", "iin") WHERE "acceptedAt" IS NULL AND "revokedAt" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "signature_challenges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "nonceHash" character(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "issuedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "usedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5ac00847dcee740a35ab2efbfca" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_signature_challenges_nonce_hash" ON "signature_challenges" ("nonceHash") `);
    await queryRunner.query(`CREATE INDEX "IDX_signature_challenges_expires_at" ON "signature_challenges" ("expiresAt") `);
    await queryRunner.query(`CREATE TYPE "public"."legal_document_kind" AS ENUM('offer', 'privacy')`);
    await queryRunner.query(
      `CREATE TABLE "legal_document_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."legal_document_kind" NOT NULL, "version" integer NOT NULL, "effectiveFrom" TIMESTAMP WITH TIME ZONE NOT NULL, "publishedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "textKk" text NOT NULL, "sha256Kk" character(64) NOT NULL, "textRu" text NOT NULL, "sha256Ru" character(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_68e43b37908d503871bfbedd366" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_legal_document_versions_kind_version" ON "legal_document_versions" ("kind", "version") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."legal_acceptance_kind" AS ENUM('offer', 'privacy')`);
    await queryRunner.query(
      `CREATE TABLE "legal_acceptances" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organizationId" uuid NOT NULL, "userId" uuid NOT NULL, "kind" "public"."legal_acceptance_kind" NOT NULL, "version" integer NOT NULL, "locale" character varying(2) NOT NULL, "textSha256" character(64) NOT NULL, "privacyVersion" integer, "cms" bytea NOT NULL, "signerIin" character varying(12) NOT NULL, "signerBin" character varying(12), "certificateSha256" character(64) NOT NULL, "report" jsonb NOT NULL, "acceptedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_80ba27e822e932eceb3b0640983" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_legal_acceptances_org_kind_version" ON "legal_acceptances" ("organizationId", "kind", "version") `,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "FK_b9139f00cebfadced76bca3084f" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "FK_b9139f00cebfadced76bca3084f"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_legal_acceptances_org_kind_version"`);
    await queryRunner.query(`DROP TABLE "legal_acceptances"`);
    await queryRunner.query(`DROP TYPE "public"."legal_acceptance_kind"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_legal_document_versions_kind_version"`);
    await queryRunner.query(`DROP TABLE "legal_document_versions"`);
    await queryRunner.query(`DROP TYPE "public"."legal_document_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_signature_challenges_expires_at"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_signature_challenges_nonce_hash"`);
    await queryRunner.query(`DROP TABLE "signature_challenges"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_invitations_open_org_iin"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_invitations_iin"`);
    await queryRunner.query(`DROP TABLE "invitations"`);
  }
}
