import { Logger } from '@nestjs/common';

// Calls `tick` every `intervalMs` (and at once when poked), never two ticks at a time.
export class PollingLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private pokedWhileRunning = false;
  private stopped = true;

  constructor(
    private readonly tick: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start() {
    this.stopped = false;
    this.schedule(0);
  }

  poke() {
    if (this.stopped) return;
    if (this.running) this.pokedWhileRunning = true;
    else this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delay);
    this.timer.unref?.();
  }

  private async run() {
    if (this.stopped || this.running) return;
    this.running = this.tick().catch((error: unknown) => this.logger.error('job loop failed', error));
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const again = this.pokedWhileRunning;
    this.pokedWhileRunning = false;
    this.schedule(again ? 0 : this.intervalMs);
  }
}
