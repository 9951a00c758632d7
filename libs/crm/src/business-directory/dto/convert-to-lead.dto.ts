import { IsEnum, IsMongoId, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { LeadPriority } from '../../leads/lead.schema';
import { MAX_MONEY, MONEY } from '../../shared/transforms';

export class ConvertToLeadDto {
  /** The lead's agent (an active sales user). Defaults to the entry's agent, else the caller when a sales user. */
  @IsOptional() @IsMongoId()
  agent_id?: string;

  /** Default medium. */
  @IsOptional() @IsEnum(LeadPriority)
  priority?: LeadPriority;

  @IsOptional() @IsNumber(MONEY) @Min(0) @Max(MAX_MONEY)
  estimated_value?: number;
}
