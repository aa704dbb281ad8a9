import { ADMIN_ROLES, type AdminRole } from '../registry/registrars/commands/create-admin.handler';

/**
 * Console roles (least privilege):
 * - `admin`   — runs the registry: registrars, policy, applications, history, statistics, audit;
 * - `officer` — dispute officer: the dispute queue, validation, mediation, appointments;
 * - `expert`  — decides the dispute cases assigned to them, and sees nothing else.
 */
export { ADMIN_ROLES, type AdminRole };

export function isAdminRole(value: unknown): value is AdminRole {
  return typeof value === 'string' && (ADMIN_ROLES as readonly string[]).includes(value);
}
