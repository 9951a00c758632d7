import { IsOptional, IsString, Matches } from 'class-validator';

/** `?populate=` on a detail route (the same names the list accepts). */
export class PopulateQueryDto {
  @IsOptional() @IsString() @Matches(/^[a-z_]+(,[a-z_]+)*$/, { message: 'populate must be a comma-separated list of names' })
  populate?: string;
}
