import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Min } from 'class-validator';

/** The two query parameters of a signed download link, exactly as `download_url` gives them. */
export class SignedDownloadQueryDto {
  /** Unix seconds after which the link no longer works. */
  @ApiProperty({ type: 'integer', minimum: 0 })
  @Type(() => Number) @IsInt() @Min(0)
  expires: number;

  /** HMAC-SHA256 of `attachment_id:expires`, hex. */
  @IsString() @Length(1, 128)
  signature: string;
}
