import { ApiProperty } from '@nestjs/swagger';
import { DocumentLineResponse, InvoiceResponse } from '../../invoices/dto/invoice.response';
import { QuoteStatus } from '../quote.schema';

export class QuoteSummaryResponse {
  id: string;
  project_id: string;
  customer_id: string;
  status: QuoteStatus;
  title: string;
  currency: string;
  /** Integer minor units. */
  @ApiProperty({ type: 'integer' })
  subtotal: number;
  @ApiProperty({ type: 'integer' })
  tax_total: number;
  @ApiProperty({ type: 'integer' })
  total: number;
  valid_until: Date;
  sent_at: Date | null;
  decided_at: Date | null;
  /** The invoice draft an accepted quote became. */
  invoice_id: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export class QuoteResponse extends QuoteSummaryResponse {
  lines: DocumentLineResponse[];
}

export class AcceptedQuoteResponse {
  quote: QuoteResponse;
  /** The invoice draft the quote became (the same one on every accept). */
  invoice: InvoiceResponse;
}
