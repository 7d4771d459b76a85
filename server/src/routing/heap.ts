/**
 * A binary min-heap of (item, priority) pairs for Dijkstra. Items may be pushed more than once with
 * different priorities (lazy decrease-key): the caller skips an item it has already settled.
 */
export class MinHeap {
  private readonly items: number[] = [];
  private readonly priorities: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: number, priority: number): void {
    const { items, priorities } = this;
    let i = items.length;
    items.push(item);
    priorities.push(priority);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((priorities[parent] as number) <= priority) break;
      items[i] = items[parent] as number;
      priorities[i] = priorities[parent] as number;
      i = parent;
    }
    items[i] = item;
    priorities[i] = priority;
  }

  /** The item with the lowest priority and that priority, or undefined when empty. */
  pop(): { item: number; priority: number } | undefined {
    const { items, priorities } = this;
    if (items.length === 0) return undefined;
    const top = { item: items[0] as number, priority: priorities[0] as number };
    const lastItem = items.pop() as number;
    const lastPriority = priorities.pop() as number;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && (priorities[right] as number) < (priorities[left] as number) ? right : left;
        if ((priorities[child] as number) >= lastPriority) break;
        items[i] = items[child] as number;
        priorities[i] = priorities[child] as number;
        i = child;
      }
      items[i] = lastItem;
      priorities[i] = lastPriority;
    }
    return top;
  }
}
