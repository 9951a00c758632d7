import { IsOptional, IsString, Matches } from 'class-validator';
import { JoinRepeated } from '@app/common';

/** `?populate=` on a detail route (the same names the list accepts). */
export class PopulateQueryDto {
  @IsOptional() @JoinRepeated() @IsString() @Matches(/^[a-z_]+(,[a-z_]+)*$/, { message: 'populate must be a comma-separated list of names' })
  populate?: string;
}
