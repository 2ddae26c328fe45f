import { ApiProperty } from '@nestjs/swagger';
import type { AuditEventView } from '../audit.service';
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

  @ApiProperty({ maxLength: 100, description: 'What was done: a named action, or `METHOD /route`', example: 'user.create' })
  action!: string;

  @ApiProperty({ type: 'string', maxLength: 50, nullable: true, example: 'document' })
  targetType!: string | null;

  @ApiProperty({ type: 'string', maxLength: 100, nullable: true, description: 'The id of what was acted on' })
  targetId!: string | null;

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
