import {
  AggregatorRegistry,
  Counter,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';

/** What another thread of the node counted, as `Registry#getMetricsAsJSON` gives it. */
export type ThreadMetrics = MetricObjectWithValues<MetricValue<string>>[];

/** The label value for anything outside a closed set. */
export const OTHER_LABEL = 'other';

/**
 * Invariant: every label value comes from a closed set the code names, never straight from
 * device or client input: each distinct value is a new time series kept for the life of the
 * process, so an open label is a memory leak any sender can drive. Values outside `allowed`
 * are counted as `other`.
 */
export function closedLabel(allowed: readonly string[], value: string): string {
  return allowed.includes(value) ? value : OTHER_LABEL;
}

/**
 * The hub's Prometheus metrics. One registry per hub instance, so tests that start several hubs
 * in one process do not share counters.
 */
export class HubMetrics {
  readonly registry = new Registry();

  readonly messagesIn = new Counter({
    name: 'hub_mqtt_messages_in_total',
    help: 'MQTT PUBLISH packets received from devices on reading topics, by known kind (else "other")',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'hub_events_appended_total',
    help: 'Events made durable in the event log',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly messagesRejected = new Counter({
    name: 'hub_mqtt_messages_rejected_total',
    help: 'Device messages refused, by reason code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly mqttConnectsRefused = new Counter({
    name: 'hub_mqtt_connect_refused_total',
    help: 'MQTT CONNECTs refused, by reason (bad password, blocked login, foreign client id, full, ...)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly mqttSubscriptionsRefused = new Counter({
    name: 'hub_mqtt_subscriptions_refused_total',
    help: 'Topic filters refused with SUBACK 0x80, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly appendLatency = new Histogram({
    name: 'hub_append_latency_seconds',
    help: 'Time from receiving a device message to its event being durable (the PUBACK waits for it)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly historyReads = new Counter({
    name: 'hub_history_reads_total',
    help: "History pages and aggregate queries, by what gave the readings after the read models' checkpoint: read-model (it had the head), tail (memory), wait (waited for the projections)",
    labelNames: ['answered_by'] as const,
    registers: [this.registry],
  });

  /** The hub's own metrics (not Node's process and runtime figures, which are per thread). */
  private readonly hubNames: ReadonlySet<string>;
  private readonly threads: (() => Promise<ThreadMetrics>)[] = [];

  constructor() {
    this.hubNames = new Set(this.registry.getMetricsAsArray().map((m) => m.name));
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
  }

  /**
   * Adds what another thread of this node counts (the API's thread, decision 0022) to every
   * scrape: its hub metrics are summed with this thread's. Its process and runtime figures are
   * left out: the process is this one, counted once here.
   */
  addThread(source: () => Promise<ThreadMetrics>): void {
    this.threads.push(source);
  }

  /** Prometheus text exposition format: this thread's metrics and those of the added threads. */
  async scrape(): Promise<string> {
    if (this.threads.length === 0) return this.registry.metrics();
    const own = (await this.registry.getMetricsAsJSON()) as ThreadMetrics;
    const others = await Promise.all(
      this.threads.map((source) =>
        source().then(
          (metrics) => metrics.filter((m) => this.hubNames.has(m.name)),
          // A thread that does not answer (it is restarting) leaves its counts out of this scrape.
          (): ThreadMetrics => [],
        ),
      ),
    );
    return AggregatorRegistry.aggregate([own, ...others]).metrics();
  }
}
