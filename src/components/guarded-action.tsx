import { forwardRef, type MouseEvent, type ReactNode, type Ref } from 'react';
import { ActionIcon, Button, Tooltip, type ButtonProps } from '@mantine/core';

/** Whether the caller may take an action, and if not, why. */
export interface Permission {
  allowed: boolean;
  /** Why not, when not allowed: a sentence the UI shows in a tooltip on the disabled control. */
  reason?: string;
}

interface GuardedButtonProps extends Omit<ButtonProps, 'disabled'> {
  permission: Permission;
  onClick?: () => void;
  type?: 'button' | 'submit';
  children: ReactNode;
}

/**
 * A button that stays focusable when not allowed (aria-disabled, not `disabled`): it keeps its place in the tab
 * order, and pointing at it or focusing it shows the tooltip that says why (focus opens tooltips: see the theme).
 */
export const GuardedButton = forwardRef<HTMLButtonElement, GuardedButtonProps>(function GuardedButton(
  { permission, onClick, children, ...props },
  ref,
) {
  const blocked = !permission.allowed;
  const button = (
    <Button
      ref={ref}
      {...props}
      data-disabled={blocked || undefined}
      aria-disabled={blocked || undefined}
      onClick={(event: MouseEvent) => {
        if (blocked) event.preventDefault();
        else onClick?.();
      }}
    >
      {children}
    </Button>
  );
  return blocked ? (
    <Tooltip label={permission.reason} multiline maw={320} withArrow>
      {button}
    </Tooltip>
  ) : (
    button
  );
});

interface GuardedIconProps {
  permission: Permission;
  /** Accessible name, e.g. "Delete Sales warehouse". */
  label: string;
  onClick: () => void;
  color?: string;
  /**
   * Also expose the reason as the icon's accessible description: the tooltip alone reaches screen readers only on
   * hover or focus, which matters in dense rows of icons.
   */
  describeReason?: boolean;
  /** The button element (to move focus back to it). */
  buttonRef?: Ref<HTMLButtonElement>;
  children: ReactNode;
}

export function GuardedActionIcon({
  permission,
  label,
  onClick,
  color,
  describeReason,
  buttonRef,
  children,
}: GuardedIconProps) {
  const blocked = !permission.allowed;
  return (
    <Tooltip label={blocked ? permission.reason : label} multiline maw={320} withArrow>
      <ActionIcon
        ref={buttonRef}
        variant="subtle"
        color={color}
        aria-label={label}
        aria-description={describeReason && blocked ? permission.reason : undefined}
        data-disabled={blocked || undefined}
        aria-disabled={blocked || undefined}
        onClick={(event) => {
          if (blocked) event.preventDefault();
          else onClick();
        }}
      >
        {children}
      </ActionIcon>
    </Tooltip>
  );
}
