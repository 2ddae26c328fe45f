import { Injectable } from '@nestjs/common';

// Time as a dependency, so that lockouts, expiries and deadlines can be tested without waiting.
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

// For tests: a clock that moves only when told to.
export class ManualClock extends Clock {
  constructor(private current = new Date('2026-01-15T09:00:00+05:00')) {
    super();
  }

  override now(): Date {
    return new Date(this.current);
  }

  advance(milliseconds: number) {
    this.current = new Date(this.current.getTime() + milliseconds);
  }

  set(date: Date) {
    this.current = new Date(date);
  }
}
