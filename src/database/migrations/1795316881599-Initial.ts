import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795316881599 implements MigrationInterface {
  name = 'Initial1795316881599';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."audit_actor_type" AS ENUM('user', 'api_key', 'operator', 'anonymous', 'system')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."audit_result" AS ENUM('success', 'failure')`);
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("seq" BIGSERIAL NOT NULL, "organizationId" uuid, "actorType" "public"."audit_actor_type" NOT NULL, "actorId" uuid, "actorLabel" character varying(320), "action" character varying(100) NOT NULL, "targetType" character varying(50), "targetId" character varying(100), "result" "public"."audit_result" NOT NULL, "errorCode" character varying(64), "httpMethod" character varying(10), "path" character varying(500), "statusCode" integer, "ip" character varying(64), "userAgent" character varying(500), "requestId" character varying(64), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_events_org_seq" ON "audit_events" ("organizationId", "seq") `);
    await queryRunner.query(`CREATE TYPE "public"."idempotency_state" AS ENUM('in_progress', 'completed')`);
    await queryRunner.query(
      `CREATE TABLE "idempotency_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scope" character varying(120) NOT NULL, "key" character varying(255) NOT NULL, "requestHash" character(64) NOT NULL, "state" "public"."idempotency_state" NOT NULL, "responseStatus" integer, "responseBody" jsonb, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9ae4e93699362b0d4e3da3dd1c2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_idempotency_expires" ON "idempotency_records" ("expiresAt") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_idempotency_scope_key" ON "idempotency_records" ("scope", "key") `);
    await queryRunner.query(
      `CREATE TYPE "public"."job_state" AS ENUM('pending', 'dispatched', 'running', 'completed', 'failed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "version" integer NOT NULL, "payload" jsonb NOT NULL, "dedupKey" character varying(200), "state" "public"."job_state" NOT NULL DEFAULT 'pending', "runAt" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "lockedUntil" TIMESTAMP WITH TIME ZONE, "lastError" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_jobs_dedup_key" ON "jobs" ("dedupKey") WHERE "dedupKey" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_jobs_due" ON "jobs" ("state", "runAt") `);
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organizationId" uuid NOT NULL, "name" character varying(200) NOT NULL, "prefix" character varying(16) NOT NULL, "secretHash" character(64) NOT NULL, "rights" jsonb NOT NULL, "createdByUserId" uuid, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lastUsedAt" TIMESTAMP WITH TIME ZONE, "revokedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_api_keys_org" ON "api_keys" ("organizationId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_keys_prefix" ON "api_keys" ("prefix") `);
    await queryRunner.query(`CREATE TYPE "public"."organization_kind" AS ENUM('legal_entity', 'individual')`);
    await queryRunner.query(
      `CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "identifier" character varying(12) NOT NULL, "kind" "public"."organization_kind" NOT NULL, "name" character varying(500) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e06fcb46a9547b6a078fbb8c328" UNIQUE ("identifier"), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320), "iin" character varying(12), "fullName" character varying(300) NOT NULL, "passwordHash" character varying(255), "failedLoginAttempts" integer NOT NULL DEFAULT '0', "lockedUntil" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users" ("email") WHERE "email" IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_iin" ON "users" ("iin") WHERE "iin" IS NOT NULL`);
    await queryRunner.query(
      `CREATE TABLE "memberships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organizationId" uuid NOT NULL, "userId" uuid NOT NULL, "isMain" boolean NOT NULL DEFAULT false, "rights" jsonb NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_memberships_user" ON "memberships" ("userId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_memberships_org_user" ON "memberships" ("organizationId", "userId") `);
    await queryRunner.query(`CREATE TYPE "public"."auth_method" AS ENUM('password', 'signature')`);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tokenHash" character(64) NOT NULL, "csrfTokenHash" character(64) NOT NULL, "userId" uuid NOT NULL, "organizationId" uuid NOT NULL, "authMethod" "public"."auth_method" NOT NULL, "ip" character varying(64), "userAgent" character varying(500), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "revokedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_sessions_token_hash" ON "sessions" ("tokenHash") `);
    await queryRunner.query(`CREATE INDEX "IDX_sessions_user" ON "sessions" ("userId") `);
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_98d23786d647f0ccf477b3b2867" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_187d573e43b2c2aa3960df20b78" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_187d573e43b2c2aa3960df20b78"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_98d23786d647f0ccf477b3b2867"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_sessions_user"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_sessions_token_hash"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP TYPE "public"."auth_method"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_memberships_org_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_memberships_user"`);
    await queryRunner.query(`DROP TABLE "memberships"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_users_iin"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_users_email"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
    await queryRunner.query(`DROP TYPE "public"."organization_kind"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_api_keys_prefix"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_keys_org"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_jobs_due"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_jobs_dedup_key"`);
    await queryRunner.query(`DROP TABLE "jobs"`);
    await queryRunner.query(`DROP TYPE "public"."job_state"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_idempotency_scope_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_idempotency_expires"`);
    await queryRunner.query(`DROP TABLE "idempotency_records"`);
    await queryRunner.query(`DROP TYPE "public"."idempotency_state"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_events_org_seq"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP TYPE "public"."audit_result"`);
    await queryRunner.query(`DROP TYPE "public"."audit_actor_type"`);
  }
}
