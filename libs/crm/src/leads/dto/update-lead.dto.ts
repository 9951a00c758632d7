import { PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { trim } from '../../shared/transforms';
import { LeadStatus } from '../lead.schema';
import { CreateLeadDto } from './create-lead.dto';

export class UpdateLeadDto extends PartialType(CreateLeadDto) {
  /**
   * One stage at a time: new → contacted → qualified → proposal → negotiation → won; lost from any open stage (409 otherwise).
   * @example 'contacted'
   */
  @IsOptional() @IsEnum(LeadStatus)
  status?: LeadStatus;

  /**
   * Required when the status becomes lost; null otherwise.
   * @example null
   */
  @IsOptional() @Transform(trim) @IsString() @Length(1, 1000)
  lost_reason?: string | null;
}
