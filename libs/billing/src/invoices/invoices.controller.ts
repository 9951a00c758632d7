import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'stream';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList } from '@app/common';
import { AuthUser, CurrentUser, Roles } from '@app/auth';
import { INVOICE_LIST_SPEC } from './invoices.repository';
import { Audited } from '@app/audit';
import { downloadResponse } from '@app/files';
import { sha256Hex } from '@app/crypto';
import { BILLING_READERS, BILLING_WRITERS } from '../billing-roles';
import { InvoiceDocumentsService } from '../documents/invoice-documents.service';
import { DraftInvoiceDto, InvoicePeriodQueryDto, InvoiceQueryDto, IssueInvoiceDto, VoidInvoiceDto } from './dto/invoice.dto';
import { InvoiceResponse, InvoiceSummaryResponse } from './dto/invoice.response';
import { InvoicesService } from './invoices.service';
import { ApiBillingErrors } from '../api-errors';

/** Invoices: managers and admins write; sales users read those of customers they own (others: 404). */
@ApiTags('billing')
@ApiBillingErrors()
@Audited('invoice', 'Invoice')
@Controller()
export class InvoicesController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly documents: InvoiceDocumentsService,
  ) {}

  /**
   * Drafts an invoice for [from, to): unbilled billable time (hours × rate, per service or task),
   * billed recurring periods and paid upsells not yet invoiced — each claimed by exactly one
   * invoice — plus the typed-in lines. 409 when items are in another currency or nothing is billable.
   */
  @Post('projects/:projectId/invoices')
  @Roles(...BILLING_WRITERS)
  async draft(@Param('projectId', ParseObjectIdPipe) projectId: string, @Body() dto: DraftInvoiceDto, @CurrentUser() user: AuthUser): Promise<InvoiceResponse> {
    return toResponse(InvoiceResponse, await this.invoices.draft(projectId, dto, user));
  }

  /** Invoices the caller may read, newest first; filters status, project_id, customer_id. */
  @Get('invoices')
  @Roles(...BILLING_READERS)
  @ApiPageResponse(InvoiceSummaryResponse, INVOICE_LIST_SPEC)
  async list(@Query() query: InvoiceQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<InvoiceSummaryResponse>> {
    const page = await this.invoices.list(query, user);
    return { ...page, data: toResponseList(InvoiceSummaryResponse, page.data) };
  }

  /** CSV of the invoices issued in [from, to) (amounts in major units), streamed. */
  @Get('invoices/export')
  @Roles(...BILLING_WRITERS)
  @ApiOkResponse({
    description: 'The invoices as CSV (UTF-8), always an attachment',
    content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
    headers: {
      'Content-Disposition': { description: '`attachment` with the file name', schema: { type: 'string' } },
    },
  })
  exportCsv(@Query() query: InvoicePeriodQueryDto, @Res({ passthrough: true }) reply: FastifyReply): StreamableFile {
    const content = this.documents.exportCsv(query.from, query.to);
    const name = `invoices-${query.from.toISOString().slice(0, 10)}-${query.to.toISOString().slice(0, 10)}.csv`;
    return downloadResponse(reply, { mimeType: 'text/csv; charset=utf-8', fileName: name }, content);
  }

  @Get('invoices/:id')
  @Roles(...BILLING_READERS)
  async findOne(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<InvoiceResponse> {
    return toResponse(InvoiceResponse, await this.invoices.findOne(id, user));
  }

  /** The invoice as a PDF (a draft prints as DRAFT), served as an attachment. */
  @Get('invoices/:id/pdf')
  @Roles(...BILLING_READERS)
  @ApiOkResponse({
    description: 'The invoice as a PDF, always an attachment',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    headers: {
      'Content-Disposition': { description: '`attachment` with the file name', schema: { type: 'string' } },
      ETag: { description: 'The SHA-256 of the PDF, quoted', schema: { type: 'string' } },
    },
  })
  async pdf(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { content, fileName } = await this.documents.pdf(id, user);
    return downloadResponse(reply, { mimeType: 'application/pdf', size: content.length, sha256: sha256Hex(content), fileName }, Readable.from([content]));
  }

  /** Drafts only; their time entries, periods and upsells become billable again. */
  @Delete('invoices/:id')
  @Roles(...BILLING_WRITERS)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.invoices.remove(id, user);
  }

  /** draft → issued with the next gapless number of the year (INV-YYYY-NNNNNN) and a due date. */
  @Post('invoices/:id/issue')
  @Roles(...BILLING_WRITERS)
  @HttpCode(HttpStatus.OK)
  async issue(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: IssueInvoiceDto, @CurrentUser() user: AuthUser): Promise<InvoiceResponse> {
    return toResponse(InvoiceResponse, await this.invoices.issue(id, dto, user));
  }

  /** A draft, or an issued invoice without payments or credit notes; its items become billable again. */
  @Post('invoices/:id/void')
  @Roles(...BILLING_WRITERS)
  @HttpCode(HttpStatus.OK)
  async voidInvoice(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: VoidInvoiceDto, @CurrentUser() user: AuthUser): Promise<InvoiceResponse> {
    return toResponse(InvoiceResponse, await this.invoices.voidInvoice(id, dto.reason, user));
  }
}
