import type { TenantContext } from '../context';
import type { SpaceType } from '../store/spaces';
import { FileChanges, insertItem } from '../services/data-files';
import { addAssignment, createSpace, ownerReach } from '../services/spaces';

export interface LargeSeedOptions {
  spaces: number;
  files: number;
}

export const LARGE_TENANT: LargeSeedOptions = { spaces: 10_000, files: 100_000 };

/**
 * A large tenant for benchmarks and scale tests, on top of the demo tenant: `spaces` extra spaces (Rita reads every
 * hundredth) and `files` extra data files, half in one "Bulk archive" space (in folders of 1,000), half spread over
 * the new spaces. Every file row references real content (one small shared blob), so the "no record without
 * content" invariant holds here too. Rows go in directly, in a few transactions: the API would take minutes.
 */
export function seedLarge(ctx: TenantContext, options: LargeSeedOptions = LARGE_TENANT): void {
  const { db, blobs } = ctx;
  const userId = (email: string) => ctx.identities.userByEmail(email)!.id;
  const ada = userId('ada@example.com');
  const rita = userId('rita@example.com');
  const types: SpaceType[] = ['shared', 'managed', 'data'];
  const content = blobs.writeTempSync('id,region,amount\n1,North,10.5\n2,South,7.25\n3,East,3\n');
  const sha256 = blobs.commit(content);
  const now = ctx.clock.iso();

  const created: { id: string }[] = [];
  db.transaction(() => {
    for (let i = 0; i < options.spaces; i++) {
      const space = createSpace(ctx, ada, {
        type: types[i % types.length]!,
        name: `Region ${String(i + 1).padStart(5, '0')}`,
        description: `Generated space ${i + 1} of ${options.spaces}`,
      });
      if (i % 100 === 0) addAssignment(ctx, ada, ownerReach(space), { type: 'user', assigneeId: rita, roles: ['consumer'] });
      created.push(space);
    }
  })();

  const archive = createSpace(ctx, ada, { type: 'shared', name: 'Bulk archive', description: 'Generated data files' });
  const insertFile = (changes: FileChanges, place: { key: string; spaceId: string }, name: string, size: number) =>
    insertItem(ctx, changes, place, name, { folder: false, internal: false, size, sha256, appId: null }, now);
  const inArchive = Math.ceil(options.files / 2);
  const batch = 10_000;
  for (let start = 0; start < options.files; start += batch) {
    // Rows only: the catalog reconciles its data sets with them when it starts.
    const changes = new FileChanges(ctx, ada);
    changes.within(() => {
      for (let i = start; i < Math.min(start + batch, options.files); i++) {
        if (i < inArchive) {
          const folder = `batch-${String(Math.floor(i / 1000)).padStart(3, '0')}`;
          insertFile(changes, { key: archive.id, spaceId: archive.id }, `${folder}/sales-${String(i).padStart(6, '0')}.csv`, content.size);
        } else {
          const space = created[(i - inArchive) % Math.max(1, created.length)] ?? archive;
          insertFile(changes, { key: space.id, spaceId: space.id }, `extract-${String(i).padStart(6, '0')}.csv`, content.size);
        }
      }
    });
  }
}
