import type { MouseEvent, ReactNode } from 'react';
import { ActionIcon, Button, Tooltip, type ButtonProps } from '@mantine/core';
import type { Permission } from '../model';

interface GuardedButtonProps extends Omit<ButtonProps, 'disabled'> {
  permission: Permission;
  onClick?: () => void;
  type?: 'button' | 'submit';
  children: ReactNode;
}

/**
 * Not allowed stays focusable (aria-disabled rather than `disabled`), so keyboard and pointer users both reach
 * the tooltip saying why.
 */
export function GuardedButton({ permission, onClick, children, ...props }: GuardedButtonProps) {
  const blocked = !permission.allowed;
  const button = (
    <Button
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
}

export function GuardedActionIcon({
  permission,
  label,
  onClick,
  color,
  children,
}: {
  permission: Permission;
  label: string;
  onClick: () => void;
  color?: string;
  children: ReactNode;
}) {
  const blocked = !permission.allowed;
  return (
    <Tooltip label={blocked ? permission.reason : label} multiline maw={320} withArrow>
      <ActionIcon
        variant="subtle"
        color={color}
        aria-label={label}
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
