import type { ReactNode } from 'react';
import { ActionIcon, Menu, Text } from '@mantine/core';
import { IconCode, IconDots } from '@tabler/icons-react';
import type { ApiCallForms } from '@/lib/api-call';
import { COPY_FORMS, copyApiCall } from './copy-as-menu';
import { GuardedButton, type Permission } from './guarded-action';

export interface RowAction {
  label: string;
  icon?: ReactNode;
  permission: Permission;
  onClick: () => void;
  /** Destructive actions come last, with a red icon (red text on white fails WCAG AA contrast). */
  danger?: boolean;
  /**
   * The action as an API call, for actions that run at once with no dialog to offer it in: a "Copy … as" submenu
   * under the actions (dialog actions offer it in their dialog).
   */
  copyAs?: () => ApiCallForms;
}

export interface RowMenuProps {
  /** What the row is, for the button's accessible name: "Actions for Sales". */
  itemName: string;
  actions: RowAction[];
}

/**
 * One "…" button per row instead of a row of icons: a Mantine Menu (arrow keys, Enter, Escape, focus returns to
 * the button). Actions the caller may not take stay listed, disabled, with the reason under their label.
 */
export function RowMenu({ itemName, actions }: RowMenuProps) {
  const safe = actions.filter((a) => !a.danger);
  const danger = actions.filter((a) => a.danger);
  const item = (action: RowAction) => (
    <Menu.Item
      key={action.label}
      leftSection={
        action.danger ? (
          <Text span c="red.7" style={{ display: 'inline-flex' }}>
            {action.icon}
          </Text>
        ) : (
          action.icon
        )
      }
      disabled={!action.permission.allowed}
      onClick={action.onClick}
    >
      {action.label}
      {!action.permission.allowed && action.permission.reason && (
        <Text size="xs" c="dimmed" maw={260} style={{ whiteSpace: 'normal' }}>
          {action.permission.reason}
        </Text>
      )}
    </Menu.Item>
  );
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={280}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${itemName}`}>
          <IconDots size={16} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown aria-label={`Actions for ${itemName}`}>
        {/* No Menu.Divider: Mantine renders it as a plain div, which a role="menu" may not own (axe). */}
        {[...safe, ...danger].map(item)}
        {actions
          .filter((action) => action.copyAs && action.permission.allowed)
          .map((action) => (
            <Menu.Sub key={`copy ${action.label}`}>
              <Menu.Sub.Target>
                <Menu.Sub.Item leftSection={<IconCode size={16} aria-hidden />}>
                  Copy {action.label.replace(/…$/, '').toLowerCase()} as
                </Menu.Sub.Item>
              </Menu.Sub.Target>
              <Menu.Sub.Dropdown aria-label={`Copy ${action.label.replace(/…$/, '').toLowerCase()} as`}>
                {COPY_FORMS.map(({ key, label }) => (
                  <Menu.Item key={key} onClick={() => void copyApiCall(action.copyAs!, key, label)}>
                    {label}
                  </Menu.Item>
                ))}
              </Menu.Sub.Dropdown>
            </Menu.Sub>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * The same actions as buttons, where there is room for them (a details pane; the caller lays them out): the ones
 * the caller may not take stay in place, disabled, with the reason in their tooltip.
 */
export function ActionButtons({ actions }: { actions: RowAction[] }) {
  return (
    <>
      {actions.map((action) => (
        <GuardedButton
          key={action.label}
          size="xs"
          permission={action.permission}
          leftSection={action.icon}
          onClick={action.onClick}
          {...(action.danger ? { color: 'red', variant: 'light' } : { variant: 'default' })}
        >
          {action.label}
        </GuardedButton>
      ))}
    </>
  );
}
