/** SCIM string literal: quotes and backslashes escaped, so a typed name cannot change the filter. */
export const scimString = (value: string) => `"${value.replace(/[\\"]/g, (m) => `\\${m}`)}"`;

/** The cursor of a `links.next.href` (`next` for spaces, users and groups). */
export function nextCursor(page: { links?: { next?: { href?: string } } }): string | undefined {
  const href = page.links?.next?.href;
  return href ? (new URL(href).searchParams.get('next') ?? undefined) : undefined;
}
