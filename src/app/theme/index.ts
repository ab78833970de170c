import {
  Alert,
  AppShell,
  Button,
  Card,
  NavLink,
  Paper,
  Table,
  TextInput,
  Tooltip,
  createTheme,
} from '@mantine/core';

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
    AppShell: AppShell.extend({ defaultProps: { padding: 'lg' } }),
    Button: Button.extend({ defaultProps: { radius: 'md' } }),
    Card: Card.extend({ defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } }),
    Paper: Paper.extend({ defaultProps: { withBorder: true, radius: 'md' } }),
    NavLink: NavLink.extend({ defaultProps: { variant: 'light' } }),
    Table: Table.extend({ defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } }),
    TextInput: TextInput.extend({ defaultProps: { radius: 'md' } }),
    // Focus opens tooltips too: keyboard users read why an action is disabled, as pointer users do.
    Tooltip: Tooltip.extend({
      defaultProps: { withArrow: true, openDelay: 300, events: { hover: true, focus: true, touch: false } },
    }),
    Alert: Alert.extend({ defaultProps: { radius: 'md' } }),
  },
});
