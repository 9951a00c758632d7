import { ApiProperty } from '@nestjs/swagger';
export class CreditNoteResponse {
  id: string;
  /** CN-YYYY-NNNNNN. */
  number: string;
  invoice_id: string;
  project_id: string;
  customer_id: string;
  /** Integer minor units. */
  @ApiProperty({ type: 'integer' })
  amount: number;
  currency: string;
  reason: string;
  issued_at: Date;
  created_by: string;
  created_at: Date;
}
