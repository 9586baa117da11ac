import type { EventStore } from '@hub/event-store';
import type { KindRules } from '@hub/privacy';
import { SENSOR_KINDS } from '@hub/contracts';
import { describeKind } from '../domain/plain-words.js';
import { personalDataOf } from '../domain/register-entry.js';
import { activeVersion, type RuleVersion } from '../domain/rule-history.js';
import { nameOf } from '../domain/same-person.js';
import type { PrivacyReport } from '../report/privacy-report.js';
import type { AuditService } from './audit-service.js';
import type { RuleLifecycle } from './rule-lifecycle.js';
import type { SensorRegister } from './sensor-register.js';

const AT_THE_LAMPPOST: Record<string, string> = {
  temperature: 'air temperature',
  air: 'particulate matter and NO2 concentrations',
  motion: 'motion-sensor triggers',
  sound: 'sound samples (may contain speech): personal data',
  camera: 'camera images and detections (people, vehicles, plates): personal data',
  radio: 'Wi-Fi/Bluetooth device identifiers (MAC addresses): personal data',
};

const who = (v: RuleVersion, which: 'author' | 'approver'): string => {
  if (v.bootstrap)
    return which === 'author'
      ? `shipped rule file ${v.source ?? ''}`.trim()
      : 'bootstrap (no four-eyes review)';
  const a = which === 'author' ? v.author : v.approver;
  return a ? nameOf(a) : '-';
};

function keyPolicyLines(kinds: KindRules | undefined): string[] {
  const lines = [
    "Keys are 32 random bytes made in memory, one per UTC day, never written to disk or logs, overwritten at the next day's first use and at shutdown.",
  ];
  if (kinds?.radio) {
    lines.push(
      `Radio identifiers: HMAC-SHA256 under the day key, tags cut to ${kinds.radio.truncateBits} bits, ${kinds.radio.emitTags ? 'published to the owner only' : 'never published'}.`,
    );
  }
  if (kinds?.camera?.plates) {
    lines.push(
      `Licence plates: keyed tags of ${kinds.camera.plates.truncateBits} bits, only counted per window.`,
    );
  }
  return lines;
}

/** Gathers the report for one lab from the rule history, the register, the log and the filter. */
export async function buildPrivacyReport(
  lab: string,
  deps: {
    store: EventStore;
    lifecycle: RuleLifecycle;
    audit: AuditService;
    register: SensorRegister;
    ownerOf: (lab: string) => string | undefined;
  },
  now = new Date(),
): Promise<PrivacyReport> {
  const h = deps.lifecycle.historyOf(lab);
  const active = h ? activeVersion(h) : undefined;
  const kinds = active?.content.kinds;
  const entries = await deps.register.entriesOf(lab);
  const lampposts = await deps.register.lamppostsOf(lab);
  const ruledKinds = SENSOR_KINDS.filter((k) => kinds?.[k]);
  const sensorKinds = [...new Set([...ruledKinds, ...entries.map((e) => e.kind)])];

  const sensors = sensorKinds.map((kind) => {
    const e = entries.find((x) => x.kind === kind);
    const p = personalDataOf(kind);
    return {
      kind,
      registered: e !== undefined,
      purpose: e?.purpose ?? null,
      legalGround: e?.legalGround ?? null,
      personalData: p.personalData,
      personalDataNote: p.note,
      privacyStatement: e?.privacyStatementUrl ?? null,
      activeUntil: e?.activeUntil ?? null,
      contact: e?.contact ?? null,
      lampposts: lampposts.length,
    };
  });

  const policy: string[] = [];
  for (const lamppost of lampposts) {
    for (const kind of ruledKinds) {
      const meta = await deps.store.getStreamMetadata(`reading-${lab}.${lamppost}.${kind}`);
      if (meta.maxAge !== undefined)
        policy.push(`${lamppost} ${kind}: kept ${Math.round(meta.maxAge / 86400)} days`);
    }
  }
  if (policy.length === 0) {
    policy.push(
      "No retention period is set on this lab's reading streams: readings are kept until a retention period is set. Raw data is never stored (see the compliance scan); pseudonymisation keys are destroyed daily.",
    );
  }

  const keyEvents = await deps.audit.keyEvents(10_000);
  const chain = await deps.lifecycle.verifyLab(lab);
  // The lab's own scan and retention only: a report never names other labs' streams.
  const [scan] = await deps.audit.complianceScans(1, lab);

  return {
    lab,
    municipality: deps.ownerOf(lab) ?? null,
    generatedAt: now.toISOString(),
    sensors,
    dataCategories: ruledKinds.map((k) => ({
      kind: k,
      atTheLamppost: AT_THE_LAMPPOST[k] ?? k,
      stored: describeKind(k, kinds!) ?? '-',
    })),
    activeRules: active
      ? {
          version: active.version,
          ruleSetId: active.ruleSetId,
          hash: active.hash,
          since: active.activatedAt ?? null,
          lines: ruledKinds.map((k) => describeKind(k, kinds!) ?? k),
        }
      : null,
    retention: { policy, runs: await deps.audit.retentionRuns(10, lab) },
    recipients: await deps.audit.recipients(lab, now.getTime()),
    keyPolicy: {
      lines: keyPolicyLines(kinds),
      created: keyEvents.filter((e) => e.event === 'key-created').length,
      destroyed: keyEvents.filter((e) => e.event === 'key-destroyed').length,
      lastEvent: keyEvents[0]
        ? { type: keyEvents[0].event, keyId: keyEvents[0].keyId, at: keyEvents[0].at }
        : null,
    },
    complianceScan: scan ?? null,
    ruleHistory: [...(h?.versions.values() ?? [])]
      .sort((a, b) => a.version - b.version)
      .map((v) => ({
        version: v.version,
        status: v.status,
        hash: v.hash,
        author: who(v, 'author'),
        reason: v.reason ?? (v.bootstrap ? 'initial rule set' : '-'),
        reference: v.reference ?? '-',
        proposedAt: v.proposedAt,
        approvedBy: v.approvedAt ? who(v, 'approver') : '-',
        approvedAt: v.approvedAt ?? null,
        effectiveAt: v.activatedAt ?? v.effectiveAt ?? null,
        endedAt: v.supersededAt ?? v.closedAt ?? null,
        closedReason: v.closedReason ?? null,
      })),
    chain: {
      intact: chain.intact,
      events: chain.events,
      head: chain.head ?? null,
      break: chain.break ?? null,
    },
    filterStats: await deps.audit.filterStats(lab),
  };
}
