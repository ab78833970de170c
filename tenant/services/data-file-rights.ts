import type { TenantContext } from '../context';
import { forbidden, notFound } from '../http/errors';
import {
  personalConnectionId,
  personalKey,
  personalUserOf,
  type DataFileRow,
} from '../store/data-files';
import type { SpaceAccess, SpacePrincipal, SpaceRow, SpaceType } from '../store/spaces';
import { dfError } from './data-file-names';

/**
 * Who may do what with files in a space (qlik.dev space-roles; data files have no scope of their own):
 * | space type | read / list            | upload, replace, rename, move, delete          | change owner        |
 * | shared     | any member, owner      | owner, facilitator, producer, codeveloper      | owner, facilitator  |
 * | managed    | any member, owner      | owner, facilitator, contributor                | owner, facilitator  |
 * | data       | any member, owner      | owner, facilitator, producer, operator         | owner, facilitator  |
 * | personal   | its user               | its user                                       | tenant admin        |
 * A tenant admin whose token has admin.spaces:read reads everything, with admin.spaces also writes everything.
 */
export const WRITE_ROLES: Record<SpaceType, readonly string[]> = {
  shared: ['facilitator', 'producer', 'codeveloper'],
  managed: ['facilitator', 'contributor'],
  data: ['facilitator', 'producer', 'operator'],
};

/** Whether space roles let their holder change the space's files (and so its data sets). */
export const writesIn = (space: SpaceRow, access: SpaceAccess, principal: Pick<SpacePrincipal, 'managesAll'>) =>
  principal.managesAll || access.isOwner || access.roles.some((r) => WRITE_ROLES[space.type].includes(r));

/** A space as the data-files service sees it: its key in data_files and what the caller may do there. */
export interface Place {
  key: string;
  spaceId: string | null;
  space?: SpaceRow;
  read: boolean;
  write: boolean;
  manage: boolean;
}

/**
 * What one caller may do with data files, space by space. Built per request from the caller's principal (user,
 * groups, and the admin reach their token gives); the data-files API and its service ask it every question.
 */
export class FileRights {
  constructor(
    private readonly ctx: TenantContext,
    readonly principal: SpacePrincipal,
  ) {}

  get userId(): string {
    return this.principal.userId;
  }

  ofSpace(space: SpaceRow, access: SpaceAccess): Place {
    const write = writesIn(space, access, this.principal);
    return { key: space.id, spaceId: space.id, space, read: true, write, manage: access.canManage };
  }

  personal(userId: string): Place {
    const own = userId === this.principal.userId;
    return {
      key: personalKey(userId),
      spaceId: null,
      read: own || this.principal.seesAll,
      write: own || this.principal.managesAll,
      manage: this.principal.managesAll,
    };
  }

  /** Where a row lives and the caller's rights there (read false when the caller cannot see it). */
  ofKey(key: string, cache?: Map<string, Place>): Place {
    const cached = cache?.get(key);
    if (cached) return cached;
    const personalUser = personalUserOf(key);
    let place: Place;
    if (personalUser) place = this.personal(personalUser);
    else {
      const found = this.ctx.spaces.access(key, this.principal);
      place = found
        ? this.ofSpace(found.space, found.access)
        : { key, spaceId: key, read: false, write: false, manage: false };
    }
    cache?.set(key, place);
    return place;
  }

  /** The places of a page of rows at once: a tenant-wide page can span a hundred spaces. */
  ofRows(rows: readonly DataFileRow[]): Map<string, Place> {
    const places = new Map<string, Place>();
    const spaceKeys = rows.map((row) => row.space_key).filter((key) => !personalUserOf(key));
    for (const [key, found] of this.ctx.spaces.accessMany(spaceKeys, this.principal)) {
      places.set(key, this.ofSpace(found.space, found.access));
    }
    return places;
  }

  /** The space behind a DataFiles connection id; absent = the caller's personal space. */
  ofConnection(connectionId: string | null | undefined): Place {
    if (!connectionId || connectionId === personalConnectionId(this.userId)) return this.personal(this.userId);
    const connection = this.ctx.dataFiles.connectionById(connectionId);
    if (!connection?.space_id) {
      throw dfError(400, 'DF-014', `DataFiles connection ${connectionId} was not found.`, 'connectionId');
    }
    const place = this.ofKey(connection.space_id);
    if (!place.read) throw dfError(403, 'DF-013', `Access to the space of connection ${connectionId} is forbidden.`);
    return place;
  }

  ofSpaceId(spaceId: string | null | undefined, ownerId: string): Place {
    if (!spaceId) return this.personal(ownerId);
    if (!this.ctx.spaces.byId(spaceId)) throw dfError(404, 'DF-009', `Space ${spaceId} was not found.`);
    const place = this.ofKey(spaceId);
    if (!place.read) throw dfError(403, 'DF-013', `Access to space ${spaceId} is forbidden.`);
    return place;
  }

  requireWrite(place: Place): void {
    if (!place.write) {
      throw forbidden(
        place.spaceId
          ? 'Adding or changing data files in this space needs the owner, Can manage, Can edit (or Can operate in a data space) role.'
          : 'Only the user of a personal space changes its data files.',
        { meta: { reason: 'role' } },
      );
    }
  }

  /** The row, if the caller can see it (404 otherwise, so ids in other spaces stay unknown). */
  readable(id: string): { row: DataFileRow; place: Place } {
    const row = this.ctx.dataFiles.byId(id);
    const place = row && this.ofKey(row.space_key);
    if (!row || !place?.read) throw notFound(`Data file ${id} was not found.`, { source: { parameter: 'id' } });
    return { row, place };
  }

  /** A folder given by id as a parent or a listing's root: it must exist and be a folder the caller sees. */
  folder(folderId: string): DataFileRow {
    const row = this.ctx.dataFiles.byId(folderId);
    if (!row || !this.ofKey(row.space_key).read) {
      throw dfError(400, 'DF-005', `Folder ${folderId} was not found.`, 'folderId');
    }
    if (!row.folder) throw dfError(400, 'DF-008', `${folderId} is a file, not a folder.`, 'folderId');
    return row;
  }

  /** The parent folder given by id: it must exist, be a folder and live in `place`. */
  folderIn(folderId: string, place: Place): DataFileRow {
    const row = this.folder(folderId);
    if (row.space_key !== place.key) {
      throw dfError(400, 'DF-020', `Folder ${folderId} is not in the target space.`, 'folderId');
    }
    return row;
  }
}
