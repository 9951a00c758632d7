import { PartialType } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { UpsellPaymentStatus } from '../upsell.schema';
import { CreateUpsellDto } from './create-upsell.dto';

/** Amount and currency change only while the upsell is pending or failed. */
export class UpdateUpsellDto extends PartialType(CreateUpsellDto) {
  /** pending → paid | failed, paid → refunded (refunds: managers and admins). `paid` stamps paid_at and notifies the project manager. */
  @IsOptional() @IsEnum(UpsellPaymentStatus)
  payment_status?: UpsellPaymentStatus;
}
