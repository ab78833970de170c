/**
 * QRIs (Qlik resource identifiers) as the lineage service names things. Several features link to a lineage view,
 * so the few rules live here.
 */

/** The QRI the lineage service gives an app. */
export function appQri(appId: string): string {
  return `qri:app:sense://${appId}`;
}

/**
 * A QRI as a path segment. @qlik/api puts path variables in as they are, and a QRI holds `:`, `/` and `#` (a raw
 * `#` would end the path and send the rest as a fragment).
 */
export function qriPathSegment(qri: string): string {
  return encodeURIComponent(qri);
}
