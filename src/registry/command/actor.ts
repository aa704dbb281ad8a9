/** Who runs a command, and through which door. Recorded on every history row. */
export type ActorType = 'registrar' | 'registrant' | 'admin' | 'system';
export type Channel = 'rest' | 'epp' | 'panel' | 'admin' | 'cli' | 'worker';

export interface Actor {
  readonly type: ActorType;
  /** Registrar clID, registrant account id, admin id, or a system job name. */
  readonly id: string;
  readonly channel: Channel;
  /** The request id of the transport call, so history rows can be tied to log lines. */
  readonly requestId?: string;
}

/** A registrar acting for itself: the caller of every registrar-facing command. */
export interface RegistrarActor extends Actor {
  readonly type: 'registrar';
}

export function systemActor(job: string): Actor {
  return { type: 'system', id: job, channel: 'worker' };
}
