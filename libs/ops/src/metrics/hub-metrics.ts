import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
  }
}
