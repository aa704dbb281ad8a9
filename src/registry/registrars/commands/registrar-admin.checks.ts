import { ObjectNotFoundError, ParameterPolicyError } from '../../../common/registry-errors';
import type { Registrar } from '../registrar.repository';

/** The registrar, or 2303. */
export function verifyRegistrarExists(registrar: Registrar | null, id: string): Registrar {
  if (!registrar) throw new ObjectNotFoundError(`Registrar ${id} does not exist`, { reason: 'not-found', value: id });
  return registrar;
}

/** The direct channel (the control panel's internal registrar) has no EPP/REST credentials to manage. */
export function verifyNotDirectChannel(registrar: Registrar): void {
  if (registrar.isDirectChannel) throw new ParameterPolicyError(`${registrar.id} is the registry's direct channel`, { reason: 'direct-channel', value: registrar.id });
}
