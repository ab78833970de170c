import { forwardRef } from 'react';
import { NavLink, type NavLinkProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';

interface NavLinkAnchorProps extends Omit<NavLinkProps, 'href' | 'active'> {
  'data-status'?: string;
}

const NavLinkAnchor = forwardRef<HTMLAnchorElement, NavLinkAnchorProps>(function NavLinkAnchor(props, ref) {
  // The router marks the active link with data-status="active" (and aria-current="page").
  return <NavLink component="a" ref={ref} active={props['data-status'] === 'active'} {...props} />;
});

const CreatedNavLink = createLink(NavLinkAnchor);

/** Mantine NavLink that is a real router link: typed `to`, middle-click, preload on intent, active state. */
export const RouterNavLink: LinkComponent<typeof NavLinkAnchor> = (props) => (
  <CreatedNavLink preload="intent" {...props} />
);
