import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList, ApiListQuery } from '@app/common';
import { AuthUser, CurrentUser, Roles, ApiKeyArea } from '@app/auth';
import { Audited } from '@app/audit';
import { SALES_TEAM, SUPERVISORS } from '../shared/crm-roles';
import { PopulateQueryDto } from '../shared/populate-query.dto';
import { CustomersService } from './customers.service';
import { CreateCustomerDto } from './dto/create-customer.dto';
import { CustomerQueryDto, CUSTOMER_LIST_SPEC } from './dto/customer-query.dto';
import { CustomerResponse } from './dto/customer.response';
import { UpdateCustomerDto } from './dto/update-customer.dto';

/** Sales users read every customer and edit the ones they own; managers and admins do everything. */
@ApiTags('customers')
@Audited('customer', 'Customer')
@ApiKeyArea('crm')
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  /** A sales user becomes the owner (and may not name another one). */
  @Post()
  @Roles(...SALES_TEAM)
  async create(@Body() dto: CreateCustomerDto, @CurrentUser() user: AuthUser): Promise<CustomerResponse> {
    return toResponse(CustomerResponse, await this.customers.create(dto, user));
  }

  /** Filters: status, company_name, owner_id, tag, created_from/created_to, search (name, email, company); `?populate=owner,lead`. */
  @Get()
  @Roles(...SALES_TEAM)
  @ApiPageResponse(CustomerResponse, CUSTOMER_LIST_SPEC)
  async list(@Query() query: CustomerQueryDto): Promise<PageResponse<CustomerResponse>> {
    const page = await this.customers.list(query);
    return { ...page, data: toResponseList(CustomerResponse, page.data) };
  }

  @Get(':id')
  @Roles(...SALES_TEAM)
  @ApiListQuery(CUSTOMER_LIST_SPEC)
  async get(@Param('id', ParseObjectIdPipe) id: string, @Query() query: PopulateQueryDto): Promise<CustomerResponse> {
    return toResponse(CustomerResponse, await this.customers.findOne(id, query.populate));
  }

  /** Sales users: only customers they own, and no owner change. */
  @Patch(':id')
  @Roles(...SALES_TEAM)
  async update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateCustomerDto, @CurrentUser() user: AuthUser): Promise<CustomerResponse> {
    return toResponse(CustomerResponse, await this.customers.update(id, dto, user));
  }

  /** Soft delete; `POST /customers/:id/restore` undoes it. */
  @Delete(':id')
  @Roles(...SUPERVISORS)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.customers.remove(id, user);
  }

  @Post(':id/restore')
  @Roles(...SUPERVISORS)
  @HttpCode(HttpStatus.OK)
  async restore(@Param('id', ParseObjectIdPipe) id: string): Promise<CustomerResponse> {
    return toResponse(CustomerResponse, await this.customers.restore(id));
  }
}
