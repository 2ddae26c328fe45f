import { MigrationInterface, QueryRunner } from 'typeorm';

export class Integrations1795327688502 implements MigrationInterface {
  name = 'Integrations1795327688502';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification_preferences" ("organizationId" uuid NOT NULL, "userId" uuid NOT NULL, "emailOnEvents" boolean NOT NULL DEFAULT true, "emailDigest" boolean NOT NULL DEFAULT true, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_046c9a7c5b5aec2540da30ade6e" PRIMARY KEY ("organizationId", "userId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "organization_events" ("id" uuid NOT NULL, "organizationId" uuid NOT NULL, "seq" bigint NOT NULL, "type" character varying(64) NOT NULL, "documentId" uuid NOT NULL, "recipientId" uuid, "data" jsonb NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d9c91801f23173c4eefaebc1967" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_organization_events_type_created" ON "organization_events" ("type", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_organization_events_org_document" ON "organization_events" ("organizationId", "documentId", "seq") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_organization_events_org_seq" ON "organization_events" ("organizationId", "seq") `,
    );
    await queryRunner.query(
      `CREATE TABLE "organization_event_counters" ("organizationId" uuid NOT NULL, "lastSeq" bigint NOT NULL, CONSTRAINT "PK_ee8f025192a23645c0d11100746" PRIMARY KEY ("organizationId"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhooks" ("id" uuid NOT NULL, "organizationId" uuid NOT NULL, "url" character varying(2000) NOT NULL, "description" character varying(200), "eventTypes" text array NOT NULL DEFAULT '{}', "secretCiphertext" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "consecutiveFailures" integer NOT NULL DEFAULT '0', "disabledAt" TIMESTAMP WITH TIME ZONE, "disabledReason" character varying(20), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9e8795cfc899ab7bdaa831e8527" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_webhooks_org" ON "webhooks" ("organizationId") `);
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "webhookId" uuid NOT NULL, "organizationId" uuid NOT NULL, "deliveryId" character varying(64) NOT NULL, "eventSeq" bigint, "eventType" character varying(64) NOT NULL, "attempt" integer NOT NULL, "status" character varying(20) NOT NULL, "httpStatus" integer, "error" character varying(1000), "durationMs" integer NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_deliveries_webhook" ON "webhook_deliveries" ("webhookId", "createdAt", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_ab7a4dca7a25e29b745e2e1b601" FOREIGN KEY ("webhookId") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_ab7a4dca7a25e29b745e2e1b601"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_webhook_deliveries_webhook"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_webhooks_org"`);
    await queryRunner.query(`DROP TABLE "webhooks"`);
    await queryRunner.query(`DROP TABLE "organization_event_counters"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_organization_events_org_seq"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_organization_events_org_document"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_organization_events_type_created"`);
    await queryRunner.query(`DROP TABLE "organization_events"`);
    await queryRunner.query(`DROP TABLE "notification_preferences"`);
  }
}
