import { IsEnum, IsMongoId, IsOptional } from 'class-validator';
import { ProjectStatus } from '../../projects/project.schema';
import { ServiceCategory, ServiceStatus } from '../../services/project-service.schema';

export class ServiceUsageQueryDto {
  /** Only services in this status; by default every service that is not cancelled. */
  @IsOptional() @IsEnum(ServiceStatus)
  status?: ServiceStatus;

  @IsOptional() @IsEnum(ServiceCategory)
  category?: ServiceCategory;

  @IsOptional() @IsMongoId()
  project_id?: string;
}

export class ProjectFinancialsQueryDto {
  @IsOptional() @IsEnum(ProjectStatus)
  status?: ProjectStatus;

  @IsOptional() @IsMongoId()
  customer_id?: string;

  /**
   * Project manager.
   */
  @IsOptional() @IsMongoId()
  user_id?: string;
}
