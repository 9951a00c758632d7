import { ApiProperty } from '@nestjs/swagger';
import { LineKind } from '../../money/document-line';
import { InvoiceStatus } from '../invoice.schema';

export class DocumentLineResponse {
  kind: LineKind;
  description: string;
  /** Thousandths of a unit (hours for time lines): 1500 = 1.5. */
  @ApiProperty({ type: 'integer' })
  quantity_milli: number;
  /** Integer minor units. */
  @ApiProperty({ type: 'integer' })
  unit_price: number;
  /** Basis points: 2000 = 20.00 %. */
  @ApiProperty({ type: 'integer' })
  tax_rate: number;
  /** Time lines: minutes billed (amount = minutes × rate / 60, rounded half up). */
  minutes: number | null;
  @ApiProperty({ type: 'integer' })
  subtotal: number;
  @ApiProperty({ type: 'integer' })
  tax: number;
  @ApiProperty({ type: 'integer' })
  total: number;
}

/** An invoice in a list (no lines). Amounts are integer minor units of `currency`. */
export class InvoiceSummaryResponse {
  id: string;
  project_id: string;
  customer_id: string;
  status: InvoiceStatus;
  /** INV-YYYY-NNNNNN once issued. */
  number?: string;
  currency: string;
  period_from: Date | null;
  period_to: Date | null;
  @ApiProperty({ type: 'integer' })
  subtotal: number;
  @ApiProperty({ type: 'integer' })
  tax_total: number;
  @ApiProperty({ type: 'integer' })
  total: number;
  @ApiProperty({ type: 'integer' })
  amount_paid: number;
  @ApiProperty({ type: 'integer' })
  amount_credited: number;
  @ApiProperty({ type: 'integer' })
  amount_due: number;
  issued_at: Date | null;
  due_date: Date | null;
  paid_at: Date | null;
  voided_at: Date | null;
  void_reason: string | null;
  quote_id?: string;
  notes: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export class InvoiceResponse extends InvoiceSummaryResponse {
  lines: DocumentLineResponse[];
}
