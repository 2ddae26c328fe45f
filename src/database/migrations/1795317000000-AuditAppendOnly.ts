import { MigrationInterface, QueryRunner } from 'typeorm';

// Hand-written: TypeORM cannot generate triggers. The audit trail is append-only [A 6.5]: the
// database itself refuses to change or delete a recorded event, whatever the application does.
export class AuditAppendOnly1795317000000 implements MigrationInterface {
  name = 'AuditAppendOnly1795317000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_append_only ON audit_events`);
    await queryRunner.query(`DROP FUNCTION audit_events_reject_change()`);
  }
}
