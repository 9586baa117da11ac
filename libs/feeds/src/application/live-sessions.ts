import { TokenRevokedError } from '@hub/access';

/**
 * Running streams by token, so revoking a token ends them at once (not at the next event):
 * each stream's abort signal carries the TokenRevokedError it ends with.
 */
export class LiveSessions {
  private readonly byToken = new Map<string, Set<AbortController>>();

  open(tokenId: string): { signal: AbortSignal; close: () => void } {
    const controller = new AbortController();
    let set = this.byToken.get(tokenId);
    if (!set) this.byToken.set(tokenId, (set = new Set()));
    set.add(controller);
    return {
      signal: controller.signal,
      close: () => {
        set.delete(controller);
        if (set.size === 0) this.byToken.delete(tokenId);
      },
    };
  }

  revoke(tokenId: string): void {
    const set = this.byToken.get(tokenId);
    if (!set) return;
    for (const controller of set) controller.abort(new TokenRevokedError());
    this.byToken.delete(tokenId);
  }

  get size(): number {
    let n = 0;
    for (const set of this.byToken.values()) n += set.size;
    return n;
  }
}
