import type { MqttClient } from 'mqtt';
import type { ProvisionedDevice } from './devices.js';

/** A temperature reading whose celsius is unique to its seq (the rule keeps one decimal). */
export const readingBody = (seq: number, observedAt: string): string =>
  JSON.stringify({ seq, observedAt, celsius: 10 + seq / 10 });

/** The seq of a reading made by `readingBody`, from its filtered values. */
export const seqOf = (values: { celsius: number }): number =>
  Math.round((values.celsius - 10) * 10);

/** A device publishing QoS 1 readings with up to `window` in flight, recording each PUBACK. */
export class Qos1Publisher {
  readonly acked = new Set<number>();
  readonly tried = new Set<number>();
  private stopped = false;

  constructor(
    private client: MqttClient,
    readonly login: ProvisionedDevice,
    private readonly observedAt: string,
  ) {}

  get topic(): string {
    return `${this.login.topicPrefix}temperature`;
  }

  /** Publishes `seqs` in order, `window` at a time; stops at the first failure (a dead node). */
  async publish(seqs: readonly number[], window = 8): Promise<void> {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (!this.stopped && next < seqs.length) {
        const seq = seqs[next++];
        this.tried.add(seq);
        try {
          await this.client.publishAsync(this.topic, readingBody(seq, this.observedAt), {
            qos: 1,
          });
          this.acked.add(seq);
        } catch {
          this.stopped = true; // the connection died: this one was not acknowledged
        }
      }
    };
    await Promise.all(Array.from({ length: window }, lane));
  }

  /** After the node died: drop the old connection and continue on `client`. */
  moveTo(client: MqttClient): void {
    this.client = client;
    this.stopped = false;
  }

  /**
   * What a device that lost its connection resends: every reading not acknowledged, and, as a
   * device that lost PUBACKs in flight would, the last `lastAcked` that were.
   */
  resendList(lastAcked = 10): number[] {
    const unacked = [...this.tried].filter((s) => !this.acked.has(s));
    const recent = [...this.acked].sort((a, b) => a - b).slice(-lastAcked);
    return [...unacked, ...recent];
  }

  get connection(): MqttClient {
    return this.client;
  }
}
