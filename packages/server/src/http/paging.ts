/**
 * Paging of the private lists (GET /v2/orders, GET /v2/trades): `offset`
 * is a page number from 0 (not a row offset), `limit` the page size
 * (default 500, at most 1000). Without both, every matching row.
 * A page past the end is empty, with `current_page` echoing the request,
 * so clients that page until `current_page >= total_pages` stop.
 */
import { ApiError } from './api-error.js';
import type { Params } from './params.js';

export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 1000;
const MAX_PAGE = 1_000_000_000;

export interface PageRequest {
  readonly page: number;
  /** undefined: every row. */
  readonly pageSize: number | undefined;
}

export function pageRequest(params: Params): PageRequest {
  const offset = params.optionalInt('offset');
  const limit = params.optionalInt('limit');
  if (offset === undefined && limit === undefined) return { page: 0, pageSize: undefined };
  const pageSize = limit ?? DEFAULT_PAGE_SIZE;
  if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new ApiError('PAGE_OUT_OF_RANGE', `Parameter 'limit' must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const page = offset ?? 0;
  if (page < 0 || page > MAX_PAGE) throw new ApiError('INVALID_PARAMETER', `Parameter 'offset' must be a page number between 0 and ${MAX_PAGE}`);
  return { page, pageSize };
}

export function totalPages(total: number, req: PageRequest): number {
  if (req.pageSize === undefined) return total > 0 ? 1 : 0;
  return Math.ceil(total / req.pageSize);
}
