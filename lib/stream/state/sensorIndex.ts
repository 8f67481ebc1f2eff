/** Ids up to this are looked up in an array; larger ones (rare) in a Map. 64 Ki ids cost 256 KB at most. */
const directLimit = 1 << 16;

/**
 * Sensor id → a dense number (0, 1, 2… in order of first sight), for
 * operators that keep per-sensor state in arrays. Sensor ids are small
 * integers in practice, so an array answers where a Map would hash: the
 * Map lookup was the largest single cost of the operators' hot path.
 */
export class SensorIndex {
  /** id → number + 1; 0: not seen. */
  private direct = new Int32Array(0);
  private readonly others = new Map<number, number>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The sensor's number, given on its first sight. */
  of(id: number): number {
    if (id >= 0 && id < this.direct.length) {
      const known = this.direct[id];
      if (known !== 0) return known - 1;
    }
    return this.assign(id);
  }

  private assign(id: number): number {
    const known = this.others.get(id);
    if (known !== undefined) return known;
    const number = this.count++;
    if (Number.isInteger(id) && id >= 0 && id < directLimit) {
      if (id >= this.direct.length) this.grow(id + 1);
      this.direct[id] = number + 1;
    } else {
      this.others.set(id, number);
    }
    return number;
  }

  private grow(minimum: number): void {
    const direct = new Int32Array(Math.min(directLimit, Math.max(minimum, this.direct.length * 2, 64)));
    direct.set(this.direct);
    this.direct = direct;
  }
}
