/** EPP's clIDType: a token of 3 to 16 characters (RFC 5730 eppcom). */
const CLIENT_ID = /^[\x21-\x7e]{3,16}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who the registry itself is in crID/upID, for changes made by its jobs and staff. */
export const REGISTRY_CLIENT_ID = 'azreg';

/**
 * The crID/upID to show for an object last created or changed by `actorId`. Registrars' ids are
 * already client ids. A registrant acting in the control panel (an account UUID) acted through
 * the sponsoring client, the direct channel, so that is shown; the registry's own actors (jobs,
 * officers, the dispute service) show as `azreg`. The full actor stays in the history table.
 */
export function eppClientId(actorId: string, sponsor: string): string {
  if (UUID.test(actorId)) return sponsor;
  return CLIENT_ID.test(actorId) ? actorId : REGISTRY_CLIENT_ID;
}
