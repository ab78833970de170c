import { useEffect, useState } from 'react';
import { ActionIcon, Kbd, Modal, Table, Tooltip } from '@mantine/core';
import { IconKeyboard } from '@tabler/icons-react';

/** The search box `/` focuses: the first one in the page's main region. */
export const SEARCH_SHORTCUT_ATTRIBUTE = 'data-search-shortcut';

export const SHORTCUTS: readonly { keys: string[]; does: string }[] = [
  { keys: ['/'], does: 'Focus the search box of the page' },
  { keys: ['↑', '↓'], does: 'Move between the rows of a table (Home and End: first and last row)' },
  { keys: ['Enter'], does: 'Open the focused row' },
  { keys: ['Space'], does: 'Select or clear the focused row, in lists with batch actions' },
  { keys: ['←', '→'], does: 'On a column edge: make the column narrower or wider' },
  { keys: ['?'], does: 'Show these shortcuts' },
  { keys: ['Esc'], does: 'Close a dialog, menu or this list' },
];

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * The console's page-wide keys: `/` focuses the page's search box and `?` lists every shortcut (also from the
 * header's keyboard button). Neither fires while typing in a field.
 */
export function KeyboardShortcuts() {
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target))
        return;
      if (event.key === '/') {
        const search = document.querySelector<HTMLElement>(`main [${SEARCH_SHORTCUT_ATTRIBUTE}]`);
        if (!search) return;
        event.preventDefault();
        search.focus();
      } else if (event.key === '?') {
        event.preventDefault();
        setOpened(true);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  return (
    <>
      <Tooltip label="Keyboard shortcuts (?)">
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Keyboard shortcuts"
          onClick={() => setOpened(true)}
        >
          <IconKeyboard size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Keyboard shortcuts" size="lg">
        <Table aria-label="Keyboard shortcuts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Keys</Table.Th>
              <Table.Th scope="col">What they do</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {SHORTCUTS.map((shortcut) => (
              <Table.Tr key={shortcut.does}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {shortcut.keys.map((key, index) => (
                    <span key={key}>
                      {index > 0 && ' '}
                      <Kbd>{key}</Kbd>
                    </span>
                  ))}
                </Table.Td>
                <Table.Td>{shortcut.does}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </>
  );
}
