import { IsEnum, IsMongoId, IsOptional, Max, Min } from 'class-validator';
import { IsMoney, MAX_MONEY } from '@app/common';
import { LeadPriority } from '../../leads/lead.schema';

export class ConvertToLeadDto {
  /**
   * The lead's agent (an active sales user). Defaults to the entry's agent, else the caller when a sales user.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  agent_id?: string;

  /** Default medium. */
  @IsOptional() @IsEnum(LeadPriority)
  priority?: LeadPriority;

  @IsOptional() @IsMoney() @Min(0) @Max(MAX_MONEY)
  estimated_value?: number;
}
