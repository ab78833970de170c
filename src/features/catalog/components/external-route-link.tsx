import type { MouseEvent, ReactNode } from 'react';
import { Anchor, type AnchorProps } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';

export interface ExternalRouteLinkProps extends AnchorProps {
  /** A console path owned by another feature, e.g. `/data-files` or `/spaces/<id>`. */
  path: string;
  search?: Record<string, unknown>;
  children: ReactNode;
}

/**
 * A link to a page another feature owns. Those routes register on their own schedule, so a typed `to` would tie
 * this feature's type check to their files; a real href keeps middle-click and copy-link working, and a plain
 * click still navigates inside the app. The search is serialised by the router (JSON for arrays, and for values
 * such as `2024` that must stay strings), so the target route parses it as if it had built the link itself.
 */
export function ExternalRouteLink({ path, search, children, ...props }: ExternalRouteLinkProps) {
  const router = useRouter();
  const defined = Object.fromEntries(Object.entries(search ?? {}).filter((entry) => entry[1] !== undefined));
  const href = `${path}${Object.keys(defined).length ? router.options.stringifySearch(defined) : ''}`;
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void router.navigate({ href });
  };
  return (
    <Anchor href={href} onClick={onClick} {...props}>
      {children}
    </Anchor>
  );
}
