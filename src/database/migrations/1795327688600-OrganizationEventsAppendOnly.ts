import { MigrationInterface, QueryRunner } from 'typeorm';

// Hand-written: TypeORM cannot generate triggers. The event feed is append-only, like the audit
// trail: integrators replay it from any cursor and must find exactly what they saw before, so the
// database itself refuses to change or delete a recorded event.
export class OrganizationEventsAppendOnly1795327688600 implements MigrationInterface {
  name = 'OrganizationEventsAppendOnly1795327688600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION organization_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'organization_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER organization_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON organization_events
      FOR EACH STATEMENT EXECUTE FUNCTION organization_events_reject_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER organization_events_append_only ON organization_events`);
    await queryRunner.query(`DROP FUNCTION organization_events_reject_change()`);
  }
}
