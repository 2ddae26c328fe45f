import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../errors/domain.error';
import { CommonErrorCode } from '../errors/common.errors';

// The query of every cursor-paged list (documented once here: Nest turns these fields into the
// query parameters of each route that takes it).
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50, description: 'Items per page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({
    type: 'string',
    maxLength: 500,
    description: 'The `nextCursor` of the previous page; absent: the first page. Opaque.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  // Pass as `cursor` to get the next page; null on the last page.
  nextCursor: string | null;
}

// Cursors are opaque to clients: base64url JSON of the sort key of the last item returned.
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<K extends string>(cursor: string | undefined, keys: readonly K[]): Record<K, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof value !== 'object' || value === null) throw new Error('not an object');
    for (const key of keys) {
      if (typeof value[key] !== 'string' && typeof value[key] !== 'number') throw new Error(`no ${key}`);
    }

    return Object.fromEntries(keys.map((key) => [key, String(value[key])])) as Record<K, string>;
  } catch {
    throw new DomainError(CommonErrorCode.CursorInvalid);
  }
}

// Builds a page from `limit + 1` fetched rows: the extra row only tells that more exist.
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  positionOf: (row: Row) => Record<string, string | number>,
  present: (row: Row) => Item,
): Page<Item> {
  const hasMore = rows.length > limit;
  const items = rows.slice(0, limit);

  return {
    items: items.map(present),
    nextCursor: hasMore && items.length ? encodeCursor(positionOf(items[items.length - 1])) : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Decodes a cursor that holds the id of the last row of the previous page.
export function decodeIdCursor(cursor: string | undefined): string | undefined {
  const position = decodeCursor(cursor, ['id'] as const);
  if (position && !UUID.test(position.id)) throw new DomainError(CommonErrorCode.CursorInvalid);

  return position?.id;
}
