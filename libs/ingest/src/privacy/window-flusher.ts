import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { IngestService } from '../application/ingest-service.js';
import { PRIVACY_GATE } from './privacy.tokens.js';
import type { PrivacyGate } from './privacy-gate.js';

const FLUSH_EVERY_MS = 1000;

/**
 * Closes the privacy filter's windows on time (every second) and stores what they emit. At
 * shutdown, after the broker stopped taking messages, closes every open window, stores it, and
 * destroys the pseudonymisation key: nothing pseudonymised in this run can be linked again.
 */
@Injectable()
export class WindowFlusher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('privacy');
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(PRIVACY_GATE) private readonly gate: PrivacyGate,
    @Inject(IngestService) private readonly ingest: IngestService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.flushing = this.flushing.then(() => this.store(this.gate.filter.flush()));
    }, FLUSH_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.store(this.gate.filter.shutdown());
    // No chunk is in flight: the broker stopped and its appends (after their folds) finished.
    await this.gate.audio?.stop();
    this.gate.keyring.destroy(Date.now());
    await this.gate.keyEvents.flushed();
  }

  private async store(readings: ReturnType<PrivacyGate['filter']['flush']>): Promise<void> {
    if (readings.length === 0) return;
    try {
      await this.ingest.storeWindowFacts(readings);
    } catch (error) {
      this.logger.error({
        msg: 'could not store closed privacy windows',
        err: String(error),
        readings: readings.length,
      });
    }
  }
}
