/**
 * Per-day epsilon budget per stream: every shared noisy reading spends its epsilon; when the
 * day's budget is spent, no further shared readings are produced until the next UTC day.
 * Memory: one entry per stream, replaced when its day changes.
 */
export class NoiseBudget {
  private readonly spent = new Map<string, { day: number; epsilon: number }>();

  trySpend(
    stream: string,
    atMs: number,
    epsilon: number,
    dailyBudget: number | undefined,
  ): boolean {
    if (dailyBudget === undefined) return true;
    const day = Math.floor(atMs / 86_400_000);
    const entry = this.spent.get(stream);
    const used = entry && entry.day === day ? entry.epsilon : 0;
    // Small tolerance so that e.g. 10 x 0.1 fits a budget of 1.0 despite float rounding.
    if (used + epsilon > dailyBudget + 1e-9) return false;
    this.spent.set(stream, { day, epsilon: used + epsilon });
    return true;
  }
}
