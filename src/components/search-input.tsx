import { useState } from 'react';
import { TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { SEARCH_SHORTCUT_ATTRIBUTE } from './keyboard-shortcuts';

export interface SearchInputProps extends Omit<
  TextInputProps,
  'value' | 'defaultValue' | 'onChange' | 'leftSection'
> {
  /** What the list is filtered by now: the URL's value. */
  value: string | undefined;
  /** The text once typing pauses, trimmed. */
  onSearch: (value: string) => void;
  /** How long typing must pause, so each keystroke does not fetch. */
  delay?: number;
}

/**
 * A search box for a list whose filter lives in the URL; `/` focuses the page's first one. What is typed shows at once and reaches the URL once
 * typing pauses; when the URL changes under it (back button, a link, a reset), the box shows the new value.
 */
export function SearchInput({ value = '', onSearch, delay = 300, ...props }: SearchInputProps) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    // Typing on while the last pause reached the URL is kept.
    if (value !== text.trim()) setText(value);
  }
  // Text that searches for what the URL holds already (a letter typed and deleted, a space added) searches for
  // nothing new: the page would load and render its list again for the same answer.
  const push = useDebouncedCallback((next: string) => {
    if (next.trim() !== value) onSearch(next.trim());
  }, delay);
  return (
    <TextInput
      {...{ [SEARCH_SHORTCUT_ATTRIBUTE]: true }}
      {...props}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        push(event.currentTarget.value);
      }}
    />
  );
}
