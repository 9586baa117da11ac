import type { ResolvedRuleVersion, RuleVersions } from './reading-codec.js';

/**
 * The rule versions one process has read from the governance log, by lab and version (a lab's
 * versions are numbered in its rule stream, so lab and version name one stamped rule set; the id
 * is checked as well). Filled by whoever reads the rule events; read by the reading decoder.
 */
export class RuleVersionBook implements RuleVersions {
  private readonly byKey = new Map<string, ResolvedRuleVersion>();

  record(lab: string, resolved: ResolvedRuleVersion): void {
    this.byKey.set(`${lab}\0${resolved.stamp.version}`, resolved);
  }

  resolve(lab: string, id: string, version: number): ResolvedRuleVersion | undefined {
    const found = this.byKey.get(`${lab}\0${version}`);
    return found?.stamp.id === id ? found : undefined;
  }
}
