import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';

/** No DTO nests deeper than a few levels; JSON beyond this is refused before anything walks it. */
export const MAX_BODY_DEPTH = 32;

/** True when `value` nests objects/arrays deeper than `limit` (iterative: safe on any input). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function flatten(errors: ValidationError[], prefix = ''): Array<{ property: string; constraints: string[] }> {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ property: path, constraints: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * class-transformer walks a body recursively: a 10,000-deep JSON array overflowed the stack and
 * answered 500. Depth is checked first, iteratively, and answered 400.
 */
class DepthLimitedValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestedDeeperThan(value, MAX_BODY_DEPTH)) {
      throw new BadRequestException({ message: [`the request ${metadata.type} nests deeper than ${MAX_BODY_DEPTH} levels`] });
    }
    return super.transform(value, metadata);
  }
}

/** DTO validation at the edge: unknown properties are refused, every failure is listed. */
export function createValidationPipe(): ValidationPipe {
  return new DepthLimitedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new BadRequestException({ message: list.map((e) => `${e.property}: ${e.constraints.join(', ')}`), errors: list });
    },
  });
}
