/** A tiny typed listener list. A throwing listener never stops the others. */
export type Listener<A extends unknown[]> = (...args: A) => void;

export class Emitter<A extends unknown[]> {
  private readonly listeners = new Set<Listener<A>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Subscribe; returns the unsubscribe function. */
  on(listener: Listener<A>): () => void {
    const own: Listener<A> = (...args) => listener(...args);
    this.listeners.add(own);
    return () => {
      this.listeners.delete(own);
    };
  }

  get size(): number {
    return this.listeners.size;
  }

  emit(...args: A): void {
    for (const l of this.listeners) {
      try {
        l(...args);
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
