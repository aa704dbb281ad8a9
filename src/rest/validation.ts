import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

function flatten(errors: ValidationError[], prefix = ''): Array<{ property: string; constraints: string[] }> {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ property: path, constraints: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** DTO validation at the edge: unknown properties are refused, every failure is listed. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new BadRequestException({ message: list.map((e) => `${e.property}: ${e.constraints.join(', ')}`), errors: list });
    },
  });
}
