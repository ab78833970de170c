import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconCode } from '@tabler/icons-react';
import type { ApiCallForms } from '../copy-as';

const FORMS: { key: keyof ApiCallForms; label: string }[] = [
  { key: 'curl', label: 'curl' },
  { key: 'qlikCli', label: 'qlik-cli' },
  { key: 'typescript', label: '@qlik/api (TypeScript)' },
];

/** "Copy as…": the current view as an API call, to script what was just looked at. */
export function CopyAsMenu({ forms }: { forms: ApiCallForms }) {
  const copy = async (key: keyof ApiCallForms, label: string) => {
    try {
      await navigator.clipboard.writeText(forms[key]);
      notifications.show({ message: `Copied as ${label}. Set QLIK_TOKEN to an API key or access token to run it.` });
    } catch {
      notifications.show({ color: 'red', message: 'The browser did not allow copying to the clipboard.' });
    }
  };
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" leftSection={<IconCode size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />}>
          Copy as…
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {FORMS.map(({ key, label }) => (
          <Menu.Item key={key} onClick={() => void copy(key, label)}>
            {label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
