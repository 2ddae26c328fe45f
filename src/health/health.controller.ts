import { Controller, Get, Res } from '@nestjs/common';
import { ApiUnthrottled } from '../common/http/openapi';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../common/security/decorators';
import { HealthResponse } from './health.api';
import { HealthReport, HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  // 200 when every dependency answers, 503 (with the same body) when one does not.
  @Get()
  @Public()
  @SkipThrottle()
  @ApiUnthrottled()
  @ApiOperation({ summary: 'Liveness and dependencies: database, object storage, job queue, mail' })
  @ApiOkResponse({ type: HealthResponse, description: 'Every dependency answers' })
  @ApiResponse({ status: 503, type: HealthResponse, description: 'A dependency is down (status degraded); the same body' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.check();
    response.status(report.status === 'ok' ? 200 : 503);

    return report;
  }
}
