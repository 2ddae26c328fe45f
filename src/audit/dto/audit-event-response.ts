import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, AuditAction } from '../audit-actions';
import type { AuditEventView, AuditFiltersView } from '../audit.service';
import { ActorType, AuditResult } from '../entities/audit-event.entity';

export class AuditEventResponse implements AuditEventView {
  @ApiProperty({
    type: 'string',
    pattern: '^\\d+$',
    description: 'Sequence number of the line (a 64-bit counter, as a decimal string); later lines have greater ones',
  })
  id!: string;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The organization the line belongs to' })
  organizationId!: string | null;

  @ApiProperty({ enum: ActorType, enumName: 'AuditActorType', description: 'Who acted: a user, an API key, the operator...' })
  actorType!: ActorType;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The user or API key id, per actorType' })
  actorId!: string | null;

  @ApiProperty({
    type: 'string',
    maxLength: 320,
    nullable: true,
    description: 'The actor in words (e-mail, API key prefix, login tried), kept after the actor is deleted',
  })
  actorLabel!: string | null;

  @ApiProperty({
    type: 'string',
    maxLength: 320,
    nullable: true,
    description: "The actor's name as the organization knows it now (a member's full name, an API key's name)",
  })
  actorName!: string | null;

  @ApiProperty({
    maxLength: 100,
    description: 'What was done: one of AuditAction, or `METHOD /route` for a state-changing route without a named action',
    example: 'user.create',
  })
  action!: string;

  @ApiProperty({ type: 'string', maxLength: 50, nullable: true, example: 'document' })
  targetType!: string | null;

  @ApiProperty({ type: 'string', maxLength: 100, nullable: true, description: 'The id of what was acted on' })
  targetId!: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      "What was acted on in words, when the organization may see it: a document's title, a member's name, an API key's name, an invited IIN",
  })
  targetName!: string | null;

  @ApiProperty({ enum: AuditResult, enumName: 'AuditResult', description: 'success: answered below 400' })
  result!: AuditResult;

  @ApiProperty({ type: 'string', maxLength: 64, nullable: true, description: 'The error code of a failure' })
  errorCode!: string | null;

  @ApiProperty({ type: 'string', maxLength: 10, nullable: true, example: 'POST' })
  httpMethod!: string | null;

  @ApiProperty({ type: 'string', maxLength: 500, nullable: true, description: 'Request path, secrets in it redacted' })
  path!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 201 })
  statusCode!: number | null;

  @ApiProperty({ type: 'string', maxLength: 64, nullable: true, description: 'Client IP address' })
  ip!: string | null;

  @ApiProperty({ type: 'string', maxLength: 500, nullable: true })
  userAgent!: string | null;

  @ApiProperty({ type: 'string', maxLength: 64, nullable: true, description: 'X-Request-Id of the request' })
  requestId!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt!: Date;
}

export class AuditActorOption {
  @ApiProperty({ enum: ['user', 'api_key'] })
  actorType!: 'user' | 'api_key';

  @ApiProperty({ type: 'string', format: 'uuid', description: 'The value for the actorId filter' })
  actorId!: string;

  @ApiProperty({ description: "A member's full name or an API key's name" })
  name!: string;
}

export class AuditFiltersResponse implements AuditFiltersView {
  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction', isArray: true, description: 'Every named action' })
  actions!: AuditAction[];

  @ApiProperty({ type: [AuditActorOption], description: 'Members (also proposed ones) and API keys of the organization' })
  actors!: AuditActorOption[];
}
