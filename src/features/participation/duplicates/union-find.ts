/** Disjoint sets over the numbers 0..size-1, with path halving and union by size. */
export class UnionFind {
  private readonly parent: Int32Array
  private readonly size: Int32Array

  constructor(count: number) {
    this.parent = new Int32Array(count)
    this.size = new Int32Array(count).fill(1)
    for (let i = 0; i < count; i++) this.parent[i] = i
  }

  find(i: number): number {
    let x = i
    while (this.parent[x] !== x) {
      const grand = this.parent[this.parent[x] ?? x] ?? x
      this.parent[x] = grand
      x = grand
    }
    return x
  }

  union(a: number, b: number): void {
    let ra = this.find(a)
    let rb = this.find(b)
    if (ra === rb) return
    if ((this.size[ra] ?? 0) < (this.size[rb] ?? 0)) [ra, rb] = [rb, ra]
    this.parent[rb] = ra
    this.size[ra] = (this.size[ra] ?? 0) + (this.size[rb] ?? 0)
  }

  /** The sets with more than one member, each as its members' numbers in ascending order. */
  groups(): number[][] {
    const byRoot = new Map<number, number[]>()
    for (let i = 0; i < this.parent.length; i++) {
      const root = this.find(i)
      const members = byRoot.get(root)
      if (members) members.push(i)
      else byRoot.set(root, [i])
    }
    return [...byRoot.values()].filter((m) => m.length > 1)
  }
}
