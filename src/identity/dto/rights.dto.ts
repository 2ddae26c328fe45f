import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { RIGHT_LEVELS, RightLevel, Rights } from '../rights';

export class RightsDto implements Rights {
  @ApiProperty({ enum: RIGHT_LEVELS })
  @IsIn(RIGHT_LEVELS)
  documents!: RightLevel;

  @ApiProperty({ enum: RIGHT_LEVELS })
  @IsIn(RIGHT_LEVELS)
  signing!: RightLevel;

  @ApiProperty({ enum: RIGHT_LEVELS })
  @IsIn(RIGHT_LEVELS)
  billing!: RightLevel;

  @ApiProperty({ enum: RIGHT_LEVELS })
  @IsIn(RIGHT_LEVELS)
  administration!: RightLevel;
}
