import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList } from '@app/common';
import { AuthUser, CurrentUser, Roles } from '@app/auth';
import { QUOTE_LIST_SPEC } from './quotes.repository';
import { Audited } from '@app/audit';
import { BILLING_READERS, BILLING_WRITERS } from '../billing-roles';
import { InvoiceResponse } from '../invoices/dto/invoice.response';
import { CreateQuoteDto, QuoteQueryDto } from './dto/quote.dto';
import { AcceptedQuoteResponse, QuoteResponse, QuoteSummaryResponse } from './dto/quote.response';
import { QuotesService } from './quotes.service';
import { ApiBillingErrors } from '../api-errors';

/** Quotes: managers and admins write; sales users read those of customers they own. */
@ApiTags('billing')
@ApiBillingErrors()
@Audited('quote', 'Quote')
@Controller()
export class QuotesController {
  constructor(private readonly quotes: QuotesService) {}

  /** A draft quote in the project's currency. */
  @Post('projects/:projectId/quotes')
  @Roles(...BILLING_WRITERS)
  async create(@Param('projectId', ParseObjectIdPipe) projectId: string, @Body() dto: CreateQuoteDto, @CurrentUser() user: AuthUser): Promise<QuoteResponse> {
    return toResponse(QuoteResponse, await this.quotes.create(projectId, dto, user));
  }

  /** Quotes the caller may read, newest first; filters status, project_id, customer_id. */
  @Get('quotes')
  @Roles(...BILLING_READERS)
  @ApiPageResponse(QuoteSummaryResponse, QUOTE_LIST_SPEC)
  async list(@Query() query: QuoteQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<QuoteSummaryResponse>> {
    const page = await this.quotes.list(query, user);
    return { ...page, data: toResponseList(QuoteSummaryResponse, page.data) };
  }

  /** A sent quote past valid_until reads as expired. */
  @Get('quotes/:id')
  @Roles(...BILLING_READERS)
  async findOne(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<QuoteResponse> {
    return toResponse(QuoteResponse, await this.quotes.findOne(id, user));
  }

  /** draft → sent. */
  @Post('quotes/:id/send')
  @Roles(...BILLING_WRITERS)
  @HttpCode(HttpStatus.OK)
  async send(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<QuoteResponse> {
    return toResponse(QuoteResponse, await this.quotes.send(id, user));
  }

  /** sent (and still valid) → accepted; the quote becomes one invoice draft (accepting again returns it). */
  @Post('quotes/:id/accept')
  @Roles(...BILLING_WRITERS)
  @HttpCode(HttpStatus.OK)
  async accept(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<AcceptedQuoteResponse> {
    const { quote, invoice } = await this.quotes.accept(id, user);
    return { quote: toResponse(QuoteResponse, quote), invoice: toResponse(InvoiceResponse, invoice) };
  }

  /** sent → declined. */
  @Post('quotes/:id/decline')
  @Roles(...BILLING_WRITERS)
  @HttpCode(HttpStatus.OK)
  async decline(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<QuoteResponse> {
    return toResponse(QuoteResponse, await this.quotes.decline(id, user));
  }

  /** Drafts only. */
  @Delete('quotes/:id')
  @Roles(...BILLING_WRITERS)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.quotes.remove(id, user);
  }
}
