import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/http/pagination';

export class AuditQueryDto extends PageQuery {
  @ApiPropertyOptional({ maxLength: 100, description: 'Only lines of this action', example: 'user.create' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only lines of this actor (user or API key id)' })
  @IsOptional()
  @IsUUID()
  actorId?: string;
}
