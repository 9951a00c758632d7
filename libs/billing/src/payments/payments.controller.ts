import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseObjectIdPipe, toResponse, toResponseList } from '@app/common';
import { AuthUser, CurrentUser, Roles } from '@app/auth';
import { Audited } from '@app/audit';
import { BILLING_READERS, BILLING_WRITERS } from '../billing-roles';
import { CreditNotesService } from '../credit-notes/credit-notes.service';
import { CreateCreditNoteDto } from '../credit-notes/dto/credit-note.dto';
import { CreditNoteResponse } from '../credit-notes/dto/credit-note.response';
import { RecordPaymentDto } from './dto/payment.dto';
import { PaymentResponse } from './dto/payment.response';
import { PaymentsService } from './payments.service';
import { ApiBillingErrors } from '../api-errors';

/** Money against an issued invoice: payments and credit notes (audited as changes of the invoice). */
@ApiTags('billing')
@ApiBillingErrors()
@Audited('invoice', 'Invoice')
@Controller('invoices')
export class InvoicePaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly creditNotes: CreditNotesService,
  ) {}

  /** Records a payment (integer minor units); more than is due is a 409, also when payments race. The project's amount_paid follows. */
  @Post(':id/payments')
  @Roles(...BILLING_WRITERS)
  async recordPayment(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: RecordPaymentDto, @CurrentUser() user: AuthUser): Promise<PaymentResponse> {
    return toResponse(PaymentResponse, await this.payments.record(id, dto, user));
  }

  /** Payments of the invoice, oldest first. */
  @Get(':id/payments')
  @Roles(...BILLING_READERS)
  async listPayments(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<PaymentResponse[]> {
    return toResponseList(PaymentResponse, await this.payments.list(id, user));
  }

  /** A credit note (CN-YYYY-NNNNNN) of at most what is still due. */
  @Post(':id/credit-notes')
  @Roles(...BILLING_WRITERS)
  async createCreditNote(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: CreateCreditNoteDto, @CurrentUser() user: AuthUser): Promise<CreditNoteResponse> {
    return toResponse(CreditNoteResponse, await this.creditNotes.create(id, dto, user));
  }

  @Get(':id/credit-notes')
  @Roles(...BILLING_READERS)
  async listCreditNotes(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<CreditNoteResponse[]> {
    return toResponseList(CreditNoteResponse, await this.creditNotes.list(id, user));
  }
}
