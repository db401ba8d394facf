/**
 * Drain (He et al., "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017): online grouping of
 * log messages into templates. A message's masked tokens (mask.ts) walk a tree of fixed depth: first by token
 * count, then by its first `depth` tokens (a token holding a mask goes down the `<*>` branch, and a node with
 * `maxChildren` children sends new tokens there too). The leaf holds clusters; the message joins the cluster whose
 * template shares the largest fraction of its tokens (wildcards do not count) if that fraction reaches `similarity`,
 * and the positions where they differ become `<*>`; otherwise it starts a new cluster.
 *
 * Memory is bounded: at most `maxClusters` clusters; past that, the least recently matched cluster is dropped
 * (its lines are counted in `evicted`).
 */

export const WILDCARD = '<*>';

export interface DrainOptions {
  /**
   * Prefix tokens used to descend the tree (Drain's depth minus the root and length layers). Default 1: in mesh logs the
   * second token is often a parameter (`FLAG: --name=…`, `#3 Envoy::…`); see docs/mining.md for how it was chosen.
   */
  depth: number;
  /** Fraction of a template's non-wildcard tokens a message must share to join it (0–1). Default 0.5. */
  similarity: number;
  /** Most children of a tree node; further tokens share the `<*>` child. Default 100. */
  maxChildren: number;
  /** Most clusters kept; the least recently matched one is evicted past that. Default 1000. */
  maxClusters: number;
  /**
   * Tokens of a message that decide its cluster (its length class and similarity). Drain sorts messages by token count
   * first, so a free-text tail (an error printed with %v) would split one log statement into as many templates as its
   * tails have lengths; the statement's fixed words come first. Later tokens only shape the displayed template.
   * Default 12.
   */
  matchTokens: number;
}

export const DEFAULT_DRAIN: DrainOptions = { depth: 1, similarity: 0.5, maxChildren: 100, maxClusters: 1000, matchTokens: 12 };

export interface DrainCluster {
  id: number;
  tokens: string[];
  /** Messages that joined this cluster. */
  size: number;
  /** Tick of the last match (for eviction). */
  used: number;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  clusters: DrainCluster[];
}

const node = (): TreeNode => ({ children: new Map(), clusters: [] });
const isMasked = (t: string): boolean => t.charCodeAt(0) === 0x3c /* < */ && t.charCodeAt(t.length - 1) === 0x3e;

export class Drain {
  private readonly root = node();
  private readonly opts: DrainOptions;
  private readonly byId = new Map<number, { cluster: DrainCluster; leaf: TreeNode }>();
  private nextId = 1;
  private tick = 0;
  /** Messages whose cluster was evicted to bound memory. */
  evicted = 0;
  /** Called with each evicted cluster, so that whoever keeps data per cluster can drop it. */
  onEvict?: (c: DrainCluster) => void;

  constructor(opts: Partial<DrainOptions> = {}) {
    this.opts = { ...DEFAULT_DRAIN, ...opts };
  }

  get clusterCount(): number {
    return this.byId.size;
  }

  /** Add a message's masked tokens; returns the cluster it joined or started. */
  add(tokens: readonly string[]): DrainCluster {
    this.tick++;
    const head = tokens.length > this.opts.matchTokens ? tokens.slice(0, this.opts.matchTokens) : tokens;
    const leaf = this.leaf(head);
    let best: DrainCluster | undefined;
    let bestSim = -1;
    let bestWild = -1;
    for (const c of leaf.clusters) {
      const [sim, wild] = similarity(c.tokens, head);
      if (sim > bestSim || (sim === bestSim && wild > bestWild)) {
        best = c;
        bestSim = sim;
        bestWild = wild;
      }
    }
    if (best && bestSim >= this.opts.similarity) {
      merge(best.tokens, tokens);
      best.size++;
      best.used = this.tick;
      return best;
    }
    if (this.byId.size >= this.opts.maxClusters) this.evictOne();
    const c: DrainCluster = { id: this.nextId++, tokens: [...tokens], size: 1, used: this.tick };
    leaf.clusters.push(c);
    this.byId.set(c.id, { cluster: c, leaf });
    return c;
  }

  /** Is the cluster with this id still kept? */
  has(id: number): boolean {
    return this.byId.has(id);
  }

  clusters(): DrainCluster[] {
    return [...this.byId.values()].map((x) => x.cluster);
  }

  private leaf(tokens: readonly string[]): TreeNode {
    const child = (n: TreeNode, key: string): TreeNode => {
      const hit = n.children.get(key);
      if (hit) return hit;
      const k = n.children.size < this.opts.maxChildren ? key : WILDCARD;
      let next = n.children.get(k);
      if (!next) n.children.set(k, (next = node()));
      return next;
    };
    let n = child(this.root, String(tokens.length));
    const depth = Math.min(this.opts.depth, tokens.length);
    for (let i = 0; i < depth; i++) {
      const t = tokens[i]!;
      n = child(n, isMasked(t) ? WILDCARD : t);
    }
    return n;
  }

  private evictOne(): void {
    let victim: { cluster: DrainCluster; leaf: TreeNode } | undefined;
    for (const x of this.byId.values()) if (!victim || x.cluster.used < victim.cluster.used) victim = x;
    if (!victim) return;
    this.evicted += victim.cluster.size;
    victim.leaf.clusters.splice(victim.leaf.clusters.indexOf(victim.cluster), 1);
    this.byId.delete(victim.cluster.id);
    this.onEvict?.(victim.cluster);
  }
}

/**
 * Merge a message into a template, position by position (differences become wildcards); a tail of another length
 * is cut at the shorter one and ends in a wildcard.
 */
function merge(template: string[], tokens: readonly string[]): void {
  const n = Math.min(template.length, tokens.length);
  for (let i = 0; i < n; i++) if (template[i] !== tokens[i]) template[i] = WILDCARD;
  if (template.length !== tokens.length) {
    template.length = n;
    if (template[n - 1] !== WILDCARD) template.push(WILDCARD);
  }
}

/** Drain's simSeq over the message's first tokens: shared non-wildcard tokens over the length, and the wildcard count (tie-break). */
function similarity(template: readonly string[], tokens: readonly string[]): [number, number] {
  let same = 0;
  let wild = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = template[i];
    if (t === WILDCARD) wild++;
    else if (t === tokens[i]) same++;
  }
  return [tokens.length ? same / tokens.length : 1, wild];
}
