import { createHash } from 'node:crypto';

/** `h(x)` of Qlik's secure QRIs: base64url SHA-256 of the UTF-8 text, unpadded (verified against qlik.dev's examples). */
export const qriHash = (value: string): string => createHash('sha256').update(value).digest('base64url');

/**
 * The secure QRI of a data file and of the data set made from it (the same string, as in Qlik's catalog):
 * `qri:qdf:space://h(spaceId)#h(fileName)` in a shared space, `qri:qdf:user://h(userId)#h(fileName)` in a personal one.
 * The file name is its full path in the space (whether Qlik hashes folders in is unconfirmed: docs/fidelity.md).
 */
export function dataFileQri(place: { spaceId: string | null; userId: string }, fileName: string): string {
  return place.spaceId
    ? `qri:qdf:space://${qriHash(place.spaceId)}#${qriHash(fileName)}`
    : `qri:qdf:user://${qriHash(place.userId)}#${qriHash(fileName)}`;
}
