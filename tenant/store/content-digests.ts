import { createHash, type Hash } from 'node:crypto';

/** A complete temp content's SHA-256, known from its bytes as they arrived. */
export interface ContentDigest {
  sha256: string;
  size: number;
}

/**
 * SHA-256 of temp contents computed as their bytes arrive, so that importing a large upload need not read it all
 * again. Only kept while every byte on disk went through it: an upload that restarts at an offset it has not seen
 * (the tenant restarted, a write failed) has none, and its import reads the file instead. One per running tenant
 * (in its context), shared by the tus store, the simple upload and the import; held in memory only, so a
 * restarted tenant starts without, as after a crash.
 */
export class ContentDigests {
  private readonly state = new Map<string, { hash: Hash; offset: number } | ContentDigest>();

  /** The running hash for bytes about to be written at `offset`, if it covers everything before it. */
  take(id: string, offset: number): Hash | undefined {
    const known = this.state.get(id);
    this.state.delete(id);
    if (offset === 0) return createHash('sha256');
    return known && 'hash' in known && known.offset === offset ? known.hash : undefined;
  }

  /** Bytes up to `offset` are on disk and were all hashed. */
  keep(id: string, hash: Hash, offset: number): void {
    this.state.set(id, { hash, offset });
  }

  /** The upload is complete at `size` bytes. */
  finish(id: string, size: number): void {
    const known = this.state.get(id);
    if (known && 'hash' in known && known.offset === size)
      this.state.set(id, { sha256: known.hash.digest('hex'), size });
    else if (!known || !('sha256' in known) || known.size !== size) this.state.delete(id);
  }

  /** Simple uploads are hashed whole on their way in. */
  set(id: string, digest: ContentDigest): void {
    this.state.set(id, digest);
  }

  get(id: string): ContentDigest | undefined {
    const known = this.state.get(id);
    return known && 'sha256' in known ? known : undefined;
  }

  forget(id: string): void {
    this.state.delete(id);
  }
}
