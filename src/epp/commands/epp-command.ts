import type { RegistrarActor } from '../../registry/command/actor';
import type { EppNode, EppReader } from '../xml/epp-xml';
import type { EppSession } from '../session/epp-session';

/** Everything an EPP command needs besides its parsed input. */
export interface EppCommandContext {
  actor: RegistrarActor;
  registrarId: string;
  session: EppSession;
}

/** What a command answers: a success code and the pieces of its response. */
export interface EppOutcome {
  code: 1000 | 1001 | 1300 | 1301;
  msg?: string;
  resData?: string;
  extension?: string;
  msgQ?: { count: number; id: string; qDate?: Date; msg?: string };
}

/**
 * One EPP command, as Nomulus has one flow per command: `parse` turns the validated XML into a
 * typed input (nothing below sees XML), `execute` calls the registry core's handler and renders
 * the result. Errors are thrown as RegistryError/EppError and mapped in one place.
 */
export interface EppCommand<I = unknown> {
  /** e.g. `domain:create`, `poll:req` — used in metrics and logs. */
  readonly name: string;
  /** The object namespace the command needs the client to have negotiated at login, if any. */
  readonly objectUri?: string;
  parse(reader: EppReader, command: EppNode): I;
  execute(input: I, ctx: EppCommandContext): Promise<EppOutcome>;
}
