import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconCode } from '@tabler/icons-react';
import type { ApiCallForms } from '@/lib/api-call';

export const COPY_FORMS: { key: keyof ApiCallForms; label: string }[] = [
  { key: 'curl', label: 'curl' },
  { key: 'qlikCli', label: 'qlik-cli' },
  { key: 'typescript', label: '@qlik/api (TypeScript)' },
];

export interface CopyAsMenuProps {
  /** Built when a form is picked, from what the dialog or view holds at that moment. */
  forms: ApiCallForms | (() => ApiCallForms);
  size?: 'xs' | 'sm';
  /** What the button copies, when one screen has several: "Copy as… (delete)". */
  label?: string;
}

/** Copies one form of a call to the clipboard and says so (or that the browser refused). */
export async function copyApiCall(
  forms: ApiCallForms | (() => ApiCallForms),
  key: keyof ApiCallForms,
  label: string,
): Promise<void> {
  try {
    await navigator.clipboard.writeText((typeof forms === 'function' ? forms() : forms)[key]);
    notifications.show({
      message: `Copied as ${label}. Set QLIK_TOKEN to an API key or access token to run it.`,
    });
  } catch {
    notifications.show({ color: 'red', message: 'The browser did not allow copying to the clipboard.' });
  }
}

/** "Copy as…": the current view or the action about to be taken as an API call, to script it. */
export function CopyAsMenu({ forms, size = 'sm', label = 'Copy as…' }: CopyAsMenuProps) {
  const copy = (key: keyof ApiCallForms, label: string) => copyApiCall(forms, key, label);
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button
          variant="default"
          size={size}
          leftSection={<IconCode size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
        >
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {COPY_FORMS.map(({ key, label }) => (
          <Menu.Item key={key} onClick={() => void copy(key, label)}>
            {label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
