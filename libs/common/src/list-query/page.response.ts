import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';

/** The envelope of every list response; `data` items are the resource's response DTO. */
export class PageResponse<T = unknown> {
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  data: T[];
  /** The page served, or null when paginating by cursor. */
  @ApiProperty({ type: Number, nullable: true })
  page: number | null;
  limit: number;
  /** Documents matching the filters, across all pages. */
  total: number;
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  next_cursor: string | null;
}

/** Documents a list endpoint as `PageResponse` whose `data` holds `model` items. */
export function ApiPageResponse(model: Type<unknown>) {
  return applyDecorators(
    ApiExtraModels(PageResponse, model),
    ApiOkResponse({
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageResponse) },
          { properties: { data: { type: 'array', items: { $ref: getSchemaPath(model) } } } },
        ],
      },
    }),
  );
}
