import {
  createTheme,
  type AlertProps,
  type AppShellProps,
  type ButtonProps,
  type CardProps,
  type DrawerProps,
  type MenuProps,
  type ModalProps,
  type NavLinkProps,
  type PaperProps,
  type TableProps,
  type TextInputProps,
  type TooltipProps,
} from '@mantine/core';

/**
 * What `Component.extend({ defaultProps })` does, typed by the props alone: importing the components themselves
 * here would put Tooltip, Table and their floating and scrolling code on the first page of every visit.
 */
const defaults = <Props>(defaultProps: Partial<Props>) => ({ defaultProps });

/** The console's one theme: per-component defaults live here, not at call sites. */
export const theme = createTheme({
  primaryColor: 'teal',
  // Shade 9 keeps white text on filled buttons and badges above WCAG AA's 4.5:1 (shade 7 was 3.1:1).
  primaryShade: { light: 9, dark: 9 },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '650' },
  components: {
    AppShell: defaults<AppShellProps>({ padding: 'lg' }),
    Button: defaults<ButtonProps>({ radius: 'md' }),
    Card: defaults<CardProps>({ withBorder: true, radius: 'md', padding: 'lg' }),
    Paper: defaults<PaperProps>({ withBorder: true, radius: 'md' }),
    NavLink: defaults<NavLinkProps>({ variant: 'light' }),
    Table: defaults<TableProps>({ verticalSpacing: 'sm', highlightOnHover: true }),
    TextInput: defaults<TextInputProps>({ radius: 'md' }),
    // Focus opens tooltips too: keyboard users read why an action is disabled, as pointer users do.
    Tooltip: defaults<TooltipProps>({
      withArrow: true,
      openDelay: 300,
      events: { hover: true, focus: true, touch: false },
    }),
    Alert: defaults<AlertProps>({ radius: 'md' }),
    // Mantine's close button is an icon with no name: every dialog and drawer gets one here, once.
    Modal: defaults<ModalProps>({ closeButtonProps: { 'aria-label': 'Close' } }),
    Drawer: defaults<DrawerProps>({ closeButtonProps: { 'aria-label': 'Close' } }),
    // Mantine's focus placeholder is a focusable div inside role="menu", which a menu may not own (axe).
    Menu: defaults<MenuProps>({ withInitialFocusPlaceholder: false }),
  },
});
