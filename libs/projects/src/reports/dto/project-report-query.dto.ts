import { IsEnum, IsMongoId, IsOptional } from 'class-validator';
import { ProjectStatus } from '../../projects/project.schema';
import { ServiceCategory, ServiceStatus } from '../../services/project-service.schema';

export class ServiceUsageQueryDto {
  /** Only services in this status; by default every service that is not cancelled. */
  @IsOptional() @IsEnum(ServiceStatus)
  status?: ServiceStatus;

  @IsOptional() @IsEnum(ServiceCategory)
  category?: ServiceCategory;

  /** @example '665f1c2e8b3a4d0012345678' */
  @IsOptional() @IsMongoId()
  project_id?: string;
}

export class ProjectFinancialsQueryDto {
  @IsOptional() @IsEnum(ProjectStatus)
  status?: ProjectStatus;

  /** @example '665f1c2e8b3a4d0012345678' */
  @IsOptional() @IsMongoId()
  customer_id?: string;

  /**
   * Project manager.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  user_id?: string;
}
