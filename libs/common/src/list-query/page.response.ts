import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import { ApiListQuery } from '../openapi/list-query-params';
import type { ListSpec } from './list-query';

/** The envelope of every list response; `data` items are the resource's response DTO. */
export interface PageResponse<T = unknown> {
  data: T[];
  /** The page served, or null when paginating by cursor. */
  page: number | null;
  limit: number;
  /** Documents matching the filters, across all pages. */
  total: number;
  /** Pass as `cursor` to get the next page; null on the last page. */
  next_cursor: string | null;
}

const pageModels = new Map<Type<unknown>, Type<unknown>>();

/** `LeadResponse` → the `LeadPage` schema: the envelope with `data` typed as the row (one class per row type). */
export function pageModelOf(row: Type<unknown>): Type<unknown> {
  const existing = pageModels.get(row);
  if (existing) return existing;
  class Page {
    @ApiProperty({ type: () => [row], description: 'The rows of this page.' })
    data: unknown[];
    @ApiProperty({ type: 'integer', nullable: true, minimum: 1, description: 'The page served, or null when paginating by cursor.' })
    page: number | null;
    @ApiProperty({ type: 'integer', minimum: 1, maximum: 100, description: 'The page size applied.' })
    limit: number;
    @ApiProperty({ type: 'integer', minimum: 0, description: 'Documents matching the filters, across all pages.' })
    total: number;
    @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to get the next page; null on the last page.' })
    next_cursor: string | null;
  }
  Object.defineProperty(Page, 'name', { value: `${row.name.replace(/Response$/, '')}Page` });
  pageModels.set(row, Page);
  return Page;
}

/**
 * Documents a list endpoint: its own page schema (`LeadPage` with `data: LeadResponse[]`) and, given
 * the route's ListSpec, `sort` and `populate` as enums of exactly what `findPage` accepts.
 */
export function ApiPageResponse(row: Type<unknown>, spec?: ListSpec) {
  const page = pageModelOf(row);
  return applyDecorators(ApiExtraModels(page, row), ApiOkResponse({ type: page }), ...(spec ? [ApiListQuery(spec)] : []));
}
