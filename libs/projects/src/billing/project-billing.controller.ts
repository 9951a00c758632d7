import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseObjectIdPipe, toResponse, ApiErrors } from '@app/common';
import { Role, Roles, ApiKeyArea } from '@app/auth';
import { Audited } from '@app/audit';
import { BillingCatchUpResponse } from './dto/billing-catch-up.response';
import { ProjectBillingService } from './project-billing.service';

/** The scheduler bills one period per project per run; back-filling missed periods is an admin's explicit act. */
@ApiTags('projects')
@Audited('project', 'Project')
@ApiKeyArea('projects')
@Controller('projects')
export class ProjectBillingController {
  constructor(private readonly billing: ProjectBillingService) {}

  /** Bills every period due now (at most BILLING_CATCH_UP_MAX_PERIODS per call); 409 unless the project is active and recurring. */
  @Post(':id/billing/catch-up')
  @ApiErrors({ 409: 'The project is not on a recurring plan or not active' })
  @Roles(Role.Admin)
  @HttpCode(HttpStatus.OK)
  async catchUp(@Param('id', ParseObjectIdPipe) id: string): Promise<BillingCatchUpResponse> {
    return toResponse(BillingCatchUpResponse, await this.billing.catchUp(id));
  }
}
