import { forwardRef, type MouseEvent, type ReactNode } from 'react';
import { ActionIcon, Button, Tooltip, type ButtonProps } from '@mantine/core';
import type { Permission } from '../model';

interface GuardedButtonProps extends Omit<ButtonProps, 'disabled'> {
  permission: Permission;
  onClick?: () => void;
  children: ReactNode;
}

/**
 * Stays focusable when not allowed (aria-disabled, not `disabled`), so keyboard and pointer users both reach
 * the tooltip that says why.
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
  /** Accessible name, e.g. "Rename orders.csv". */
  label: string;
  onClick: () => void;
  color?: string;
  children: ReactNode;
}

export function GuardedActionIcon({ permission, label, onClick, color, children }: GuardedIconProps) {
  const blocked = !permission.allowed;
  return (
    <Tooltip label={blocked ? permission.reason : label} multiline maw={320} withArrow>
      <ActionIcon
        variant="subtle"
        color={color}
        aria-label={label}
        aria-description={blocked ? permission.reason : undefined}
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
