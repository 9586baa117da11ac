/** IPv4 clients of a dual-stack socket appear as `::ffff:a.b.c.d`; count them as `a.b.c.d`. */
export const normalizeAddress = (address: string | undefined): string =>
  (address ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/** Counts open connections per remote address; `max` 0 means no limit. */
export class ConnectionsPerIp {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release function to call once when the connection closes, or undefined when refused. */
  acquire(address: string): (() => void) | undefined {
    const current = this.open.get(address) ?? 0;
    if (this.max > 0 && current >= this.max) return undefined;
    this.open.set(address, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(address) ?? 1) - 1;
      if (left === 0) this.open.delete(address);
      else this.open.set(address, left);
    };
  }

  count(address: string): number {
    return this.open.get(address) ?? 0;
  }
}
