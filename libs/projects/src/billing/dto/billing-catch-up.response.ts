import { ApiProperty } from '@nestjs/swagger';
import { BillingRecordResponse } from '../../projects/dto/project.response';

export class BillingCatchUpResponse {
  @ApiProperty({ type: 'integer' })
  periods_billed: number;
  /** The periods this call billed, oldest first. */
  billed: BillingRecordResponse[];
  next_billing_date: Date | null;
  /** More periods are due than one call bills (BILLING_CATCH_UP_MAX_PERIODS): call it again. */
  still_due: boolean;
}
