import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CHECK_TIMEOUT_MS,
  DEPENDENCY_STATUSES,
  DependencyStatus,
  HEALTH_STATUSES,
  HealthChecks,
  HealthReport,
} from './health.service';

// Every mode the report can name; `satisfies` refuses one that is not a mode.
const DATABASE_MODES = ['embedded', 'external'] as const satisfies readonly HealthReport['mode'][];

export class DependencyStatusResponse implements DependencyStatus {
  @ApiProperty({
    enum: DEPENDENCY_STATUSES,
    enumName: 'DependencyStatus',
    description: `down: no answer, an error, or none in ${CHECK_TIMEOUT_MS} ms`,
  })
  status!: DependencyStatus['status'];

  @ApiProperty({
    description: 'What serves it: pglite or postgresql, s3 or local, bullmq or in-process, smtp or file',
    example: 'postgresql',
  })
  driver!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'How long the check took' })
  latencyMs!: number;

  @ApiPropertyOptional({ description: "The dependency's own error, when down" })
  error?: string;
}

export class HealthChecksResponse implements HealthChecks {
  @ApiProperty({ type: () => DependencyStatusResponse })
  database!: DependencyStatusResponse;

  @ApiProperty({ type: () => DependencyStatusResponse, description: 'Object storage of the documents' })
  storage!: DependencyStatusResponse;

  @ApiProperty({ type: () => DependencyStatusResponse, description: 'Background job queue' })
  jobs!: DependencyStatusResponse;

  @ApiProperty({ type: () => DependencyStatusResponse, description: 'Outgoing mail' })
  mail!: DependencyStatusResponse;
}

export class HealthResponse implements HealthReport {
  @ApiProperty({
    enum: HEALTH_STATUSES,
    enumName: 'HealthStatus',
    description: 'degraded: a dependency is down (answered with 503)',
  })
  status!: HealthReport['status'];

  @ApiProperty({ enum: DATABASE_MODES, description: 'embedded: the built-in database; external: a PostgreSQL server' })
  mode!: HealthReport['mode'];

  @ApiProperty({ description: 'SERVICE_REGION: where the data is kept', example: 'kz-almaty' })
  region!: string;

  @ApiProperty({ type: () => HealthChecksResponse })
  checks!: HealthChecksResponse;
}
