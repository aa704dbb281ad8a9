/** The only source of "now" in azreg. Handlers receive `now` from the runner and never read a clock. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests can set and move. */
export class FakeClock extends Clock {
  private current: number;
  constructor(start: Date | string = '2026-01-15T10:00:00Z') {
    super();
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
