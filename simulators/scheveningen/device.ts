import type { MqttClient } from 'mqtt';
import type { DeviceCredentials } from '../shared/credentials.js';
import { connectDevice, deviceClientId, endClient } from '../shared/mqtt-connect.js';
import { isSensorKind, type SensorKind } from '@hub/contracts';
import { parseRejection, readingTopic, rejectedTopic } from '../shared/topics.js';
import type { Lamppost } from './lab.js';
import type { BadMessage, MisbehaveMode } from './misbehave.js';
import type { Tally } from './tally.js';

const SEQLESS_MODES: ReadonlySet<MisbehaveMode> = new Set(['bad-json', 'unknown-kind', 'oversize']);

/**
 * One lamppost's MQTT connection: publishes readings with a per-device increasing seq, listens on
 * its rejected topics, and attributes each rejection to the normal kind or to the misbehave mode
 * whose message carried that seq.
 */
export class LabDevice {
  private seq: number;
  private readonly badSeqs = new Map<number, MisbehaveMode>();
  /**
   * Per topic kind, modes of sent messages the hub refuses before reading their seq (bad JSON,
   * unknown kind, too large), oldest first: their rejections carry no seq to match on.
   */
  private readonly seqless = new Map<string, MisbehaveMode[]>();
  inflight = 0;
  /** Its identity was handed to a rogue connection: no more publishing on this one. */
  private retired = false;

  private constructor(
    readonly lamppost: Lamppost,
    readonly client: MqttClient,
    private readonly tally: Tally,
    seqStart: number,
  ) {
    this.seq = seqStart;
    client.on('message', (topic, payload) => this.onRejection(topic, payload));
  }

  static async connect(args: {
    brokerUrl: string;
    lamppost: Lamppost;
    credentials?: DeviceCredentials;
    tally: Tally;
    seqStart: number;
    kinds: readonly string[];
    clientIdPrefix: string;
  }): Promise<LabDevice> {
    const client = await connectDevice({
      brokerUrl: args.brokerUrl,
      clientId: deviceClientId(args.credentials, `${args.clientIdPrefix}${args.lamppost.id}`),
      credentials: args.credentials,
    });
    const device = new LabDevice(args.lamppost, client, args.tally, args.seqStart);
    const topics = args.kinds.map((k) => rejectedTopic(args.lamppost.topicPrefix, k));
    const granted = await client.subscribeAsync(topics, { qos: 1 });
    for (const g of granted) {
      if (g.qos === 128) args.tally.error(`subscription refused: ${g.topic}`);
    }
    client.on('error', (e) => args.tally.error(`${args.lamppost.id}: ${e.message}`));
    return device;
  }

  nextSeq = (): number => ++this.seq;

  /**
   * Hands this device's identity to a rogue connection and stops publishing here. The hub allows
   * one connection per device (client id = username; a second one replaces the first), so a
   * misbehaving connection of this lamppost cannot run beside its healthy one.
   */
  async retire(): Promise<void> {
    this.retired = true;
    await endClient(this.client);
  }

  /** Stops reading what the hub sends (like a hung device); writing still works. */
  freezeReading(): void {
    (this.client.stream as unknown as { pause(): void }).pause();
  }

  thawReading(): void {
    (this.client.stream as unknown as { resume(): void }).resume();
  }

  /** Publishes one reading, QoS 1; counts sent, and acked on PUBACK. */
  publishReading(kind: SensorKind, payload: string, qos: 0 | 1): void {
    if (this.retired) return;
    const counts = this.tally.perKind[kind];
    counts.sent++;
    this.inflight++;
    this.client.publish(readingTopic(this.lamppost.topicPrefix, kind), payload, { qos }, (err) => {
      this.inflight--;
      if (err) this.tally.error(`${this.lamppost.id} ${kind}: ${err.message}`);
      else counts.acked++;
    });
  }

  /** Publishes bad messages on this device's connection, remembering their seqs. */
  publishBad(mode: MisbehaveMode, messages: readonly BadMessage[]): void {
    if (this.retired) return;
    const report = this.tally.report(mode);
    for (const m of messages) {
      this.expectBad(mode, m.seq, m.topic);
      report.sent++;
      this.inflight++;
      this.client.publish(m.topic, m.payload, { qos: 1 }, (err) => {
        this.inflight--;
        if (!err) report.acked++;
      });
    }
  }

  /** Registers seqs of bad messages sent on another connection under this device's name. */
  expectBad(mode: MisbehaveMode, seq: number | undefined, topic: string): void {
    if (seq !== undefined) this.badSeqs.set(seq, mode);
    if (SEQLESS_MODES.has(mode)) {
      const kind = topic.split('/').pop() ?? '';
      this.seqless.set(kind, [...(this.seqless.get(kind) ?? []), mode]);
    }
  }

  private onRejection(topic: string, payload: Buffer): void {
    const parts = topic.split('/');
    if (parts[parts.length - 1] !== 'rejected') return;
    const kindName = parts[parts.length - 2] ?? '';
    const kind = isSensorKind(kindName) ? kindName : null;
    const rejection = parseRejection(payload);
    const pending = this.seqless.get(kindName) ?? [];
    let mode: MisbehaveMode | null = null;
    if (rejection.seq !== undefined && this.badSeqs.has(rejection.seq)) {
      mode = this.badSeqs.get(rejection.seq) ?? null;
      const i = mode ? pending.indexOf(mode) : -1;
      if (i >= 0) pending.splice(i, 1);
    } else if (rejection.seq === undefined && pending.length > 0) {
      mode = pending.shift() ?? null;
    }
    this.tally.rejected(rejection.code, kind, mode);
  }
}
