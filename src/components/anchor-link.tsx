import { forwardRef, type ComponentPropsWithoutRef } from 'react';
import { Anchor, type AnchorProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';

type AnchorElementProps = AnchorProps & Omit<ComponentPropsWithoutRef<'a'>, keyof AnchorProps>;

const AnchorElement = forwardRef<HTMLAnchorElement, AnchorElementProps>(function AnchorElement(props, ref) {
  return <Anchor component="a" ref={ref} {...props} />;
});

const CreatedAnchorLink = createLink(AnchorElement);

/** Mantine Anchor that is a typed router link (params and search checked against the target route). */
export const AnchorLink: LinkComponent<typeof AnchorElement> = (props) => (
  <CreatedAnchorLink preload="intent" {...props} />
);
