import { IsString } from 'class-validator';
import { DomainError } from '../errors/domain.error';
import { CommonErrorCode } from '../errors/common.errors';
import { collectFieldProblems, createValidationPipe, MAX_LISTED_FIELDS } from './validation';

class SmallDto {
  @IsString()
  name!: string;
}

async function validationError(body: unknown): Promise<DomainError> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: SmallDto });
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('the body passed validation');
}

describe('createValidationPipe', () => {
  it('lists the first ten unknown fields and counts the others, so the error stays small', async () => {
    const body = { name: 'x', ...Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`unknown${i}`, i])) };
    const error = await validationError(body);
    expect(error.code).toBe(CommonErrorCode.ValidationFailed);
    const details = error.details as { fields: { field: string }[]; moreFields: number };
    expect(details.fields.map((f) => f.field)).toEqual(Array.from({ length: MAX_LISTED_FIELDS }, (_, i) => `unknown${i}`));
    expect(details.moreFields).toBe(250 - MAX_LISTED_FIELDS);
    expect(JSON.stringify(details).length).toBeLessThan(1500);
  });

  it('lists every field when there are few, without moreFields', async () => {
    const error = await validationError({ name: 5, extra: 1 });
    expect(error.details).toEqual({
      fields: [
        { field: 'extra', problems: ['property extra should not exist'] },
        { field: 'name', problems: ['name must be a string'] },
      ],
    });
  });
});

describe('collectFieldProblems', () => {
  it('walks a deep error tree in document order with dotted paths, visiting each node once', () => {
    // A chain 5,000 levels deep: the recursive version spread every level into its parent (quadratic).
    let visits = 0;
    const leaf = { property: 'leaf', constraints: { isString: 'leaf must be a string' }, children: [] };
    let node: { property: string; constraints?: Record<string, string>; children: unknown[] } = leaf;
    for (let i = 0; i < 5000; i++) node = { property: `n${i}`, children: [node] };
    const counted = new Proxy(node, {
      get(target, key, receiver) {
        if (key === 'property') visits++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const result = collectFieldProblems([counted as never, { property: 'b', constraints: { x: 'b is bad' } } as never]);
    expect(result.fields).toHaveLength(2);
    expect(result.fields[0]!.field.split('.')).toHaveLength(5001);
    expect(result.fields[1]).toEqual({ field: 'b', problems: ['b is bad'] });
    expect(visits).toBe(1);
  });
});
