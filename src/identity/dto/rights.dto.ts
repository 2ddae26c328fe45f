import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { RIGHT_AREAS, RIGHT_LEVELS, RightLevel, Rights } from '../../common/security/rights';

// One schema (`Rights`) for rights sent and rights shown: every area, each with its level.
@ApiSchema({
  name: 'Rights',
  description: `The level (${RIGHT_LEVELS.join(' < ')}) in each area of the cabinet (${RIGHT_AREAS.join(', ')}); write includes read.`,
})
export class RightsDto implements Rights {
  @ApiProperty({
    enum: RIGHT_LEVELS,
    enumName: 'RightLevel',
    description: 'Documents: read (read), upload and send them (write).',
  })
  @IsIn(RIGHT_LEVELS)
  documents!: RightLevel;

  @ApiProperty({
    enum: RIGHT_LEVELS,
    enumName: 'RightLevel',
    description: 'Sign documents and their actions with an ЭЦП (write).',
  })
  @IsIn(RIGHT_LEVELS)
  signing!: RightLevel;

  @ApiProperty({ enum: RIGHT_LEVELS, enumName: 'RightLevel', description: 'Billing of the organization.' })
  @IsIn(RIGHT_LEVELS)
  billing!: RightLevel;

  @ApiProperty({
    enum: RIGHT_LEVELS,
    enumName: 'RightLevel',
    description: 'Users, invitations, API keys, webhooks, audit trail.',
  })
  @IsIn(RIGHT_LEVELS)
  administration!: RightLevel;
}
