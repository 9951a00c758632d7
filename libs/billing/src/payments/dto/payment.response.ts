import { ApiProperty } from '@nestjs/swagger';
import { PaymentMethod } from '../payment.schema';

export class PaymentResponse {
  id: string;
  invoice_id: string;
  project_id: string;
  customer_id: string;
  /** Integer minor units. */
  @ApiProperty({ type: 'integer' })
  amount: number;
  currency: string;
  /** When the money was received. */
  paid_on: Date;
  method: PaymentMethod;
  reference: string | null;
  recorded_by: string;
  created_at: Date;
}
