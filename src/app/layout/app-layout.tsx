import { Suspense, lazy, useCallback, useEffect, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { AppShell, Burger, Group, ScrollArea, Text, ThemeIcon } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { ModalsProvider } from '@mantine/modals';
import { IconLayoutGrid } from '@tabler/icons-react';
import { Link, Outlet, getRouteApi, useNavigate, useRouter } from '@tanstack/react-router';
import { ErrorActionsContext, type ErrorActions } from '@/components/error-actions';
import { KeyboardShortcuts } from '@/components/keyboard-shortcuts';
import { ApiHostContext } from '@/lib/api-host-context';
import { TenantSwitcher } from '@/features/auth/components/tenant-switcher';
import { UserMenu } from '@/features/auth/components/user-menu';
import { normaliseScopes } from '@/features/auth/tenant-config';
import { UPLOAD_BAR_HEIGHT, useHasUploads } from '@/features/uploads/presence';
import { myUserQuery } from '@/features/auth/api/my-user';
import { NAVIGATION } from '../navigation';
import { ColorSchemeToggle } from './color-scheme-toggle';
import { RouterNavLink } from './router-nav-link';

const authenticated = getRouteApi('/_authenticated');

/**
 * The upload panel loads once there are uploads to show (the pages that upload fetch it ahead): most visits never
 * upload, and its list, filters and controls were 13 KB of every first page.
 */
const UploadPanel = lazy(() =>
  import('@/features/uploads/components/upload-panel').then((module) => ({ default: module.UploadPanel })),
);

/** What replacing a file would change in its data set, shown before Replace in the upload conflict prompt. */
const ReplacePreview = lazy(() =>
  import('@/features/catalog/components/replace-preview').then((module) => ({
    default: module.ReplacePreview,
  })),
);

/** The signed-in console: header (tenant, theme, account), navigation and the page. */
export function AppLayout() {
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const { auth, queryClient, tenantConfig, user, scopes, capabilities } = authenticated.useRouteContext();
  const router = useRouter();
  const navigate = useNavigate();
  const hasUploads = useHasUploads(tenantConfig.id);

  // Roles change on the tenant without a new sign-in: the signed-in user is re-read (on focus, and every 30 s while
  // the page is open) and a changed answer recomputes what the console offers (the route's capabilities).
  const { data: liveUser } = useQuery({
    ...myUserQuery({ id: tenantConfig.id, host: tenantConfig.host }),
    staleTime: 0,
    refetchOnMount: false,
    refetchOnWindowFocus: 'always',
    refetchInterval: 30_000,
  });
  useEffect(() => {
    if (liveUser && liveUser !== user) void router.invalidate();
  }, [liveUser, user, router]);

  const resetToTenant = useCallback(async () => {
    // Nothing cached for one tenant or user may show for another.
    queryClient.clear();
    await router.invalidate();
  }, [queryClient, router]);

  const switchTenant = useCallback(
    async (tenantId: string) => {
      auth.setActiveTenant(tenantId);
      await navigate({ to: '/' });
      await resetToTenant();
    },
    [auth, navigate, resetToTenant],
  );

  /**
   * Revokes the console's tokens, then ends the tenant's own sign-in session at its /logout, which returns to the
   * connect screen: saying "Signed out", or (switching account) going on to a fresh tenant sign-in page.
   */
  const signOut = useCallback(
    async (switchAccount = false) => {
      await auth.signOut(tenantConfig.id);
      queryClient.clear();
      const back = new URL('/connect', window.location.origin);
      if (switchAccount) back.searchParams.set('switchAccount', tenantConfig.id);
      else back.searchParams.set('signedOut', '1');
      window.location.assign(auth.tenantLogoutUrl(tenantConfig.id, back.toString()));
    },
    [auth, queryClient, tenantConfig.id],
  );

  const errorActions = useMemo<ErrorActions>(
    () => ({
      signIn: ({ scopes: wanted } = {}) => {
        // A saved tenant can ask for more; a configured one signs in again with its own scopes.
        if (wanted?.length && tenantConfig.source === 'saved') {
          auth.saveTenant({
            ...tenantConfig,
            scopes: normaliseScopes(`${tenantConfig.scopes} ${wanted[0]}`),
          });
        }
        const { pathname, search, hash } = window.location;
        void auth.signIn(tenantConfig.id, `${pathname}${search}${hash}`);
      },
    }),
    [auth, tenantConfig],
  );

  return (
    <ApiHostContext.Provider value={tenantConfig.host}>
      <ErrorActionsContext.Provider value={errorActions}>
        <ModalsProvider>
          <a className="skip-link" href="#main-content">
            Skip to content
          </a>
          <AppShell
            header={{ height: 60 }}
            navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
            // The upload bar takes room below the page instead of floating over its controls.
            footer={{ height: UPLOAD_BAR_HEIGHT, collapsed: !hasUploads }}
          >
            <AppShell.Header>
              <Group h="100%" px="md" justify="space-between" wrap="nowrap">
                <Group gap="sm" wrap="nowrap">
                  <Burger
                    opened={navOpened}
                    onClick={toggleNav}
                    hiddenFrom="sm"
                    size="sm"
                    aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
                  />
                  <Link
                    to="/"
                    aria-label="Manage Console, overview"
                    style={{ textDecoration: 'none', color: 'inherit' }}
                  >
                    <Group gap={8} wrap="nowrap">
                      <ThemeIcon size={30} radius="md" aria-hidden>
                        <IconLayoutGrid size={18} />
                      </ThemeIcon>
                      <Text fw={700} visibleFrom="xs">
                        Manage Console
                      </Text>
                    </Group>
                  </Link>
                  <TenantSwitcher
                    auth={auth}
                    onSwitch={(id) => void switchTenant(id)}
                    onManage={() => void navigate({ to: '/connect' })}
                  />
                </Group>
                <Group gap="sm" wrap="nowrap">
                  <KeyboardShortcuts />
                  <ColorSchemeToggle />
                  <UserMenu user={user} scopes={scopes} onSignOut={() => void signOut()} onSwitchAccount={() => void signOut(true)} />
                </Group>
              </Group>
            </AppShell.Header>

            <AppShell.Navbar p="sm" aria-label="Main navigation">
              <AppShell.Section grow component={ScrollArea}>
                <nav aria-label="Console areas">
                  {NAVIGATION.map((item) => {
                    const access = item.area ? capabilities.areas[item.area] : undefined;
                    return (
                      <RouterNavLink
                        key={item.to}
                        to={item.to}
                        activeOptions={{ exact: item.exact ?? false }}
                        label={item.label}
                        description={
                          access && access.level !== 'full'
                            ? access.level === 'limited'
                              ? 'Limited'
                              : 'Out of reach'
                            : item.adminToChange && !capabilities.isTenantAdmin
                              ? 'Read only'
                              : undefined
                        }
                        leftSection={<item.icon size={18} stroke={1.6} aria-hidden />}
                        onClick={closeNav}
                      />
                    );
                  })}
                </nav>
              </AppShell.Section>
              <AppShell.Section>
                <Text size="xs" c="dimmed" px="sm" truncate="end" title={tenantConfig.host}>
                  {new URL(tenantConfig.host).host}
                </Text>
              </AppShell.Section>
            </AppShell.Navbar>

            <AppShell.Main id="main-content" tabIndex={-1}>
              <Outlet />
            </AppShell.Main>
            <AppShell.Footer>
              {hasUploads && (
                <Suspense fallback={null}>
                  <UploadPanel
                    conflictPreview={(conflict) => (
                      <Suspense fallback={null}>
                        <ReplacePreview target={tenantConfig} {...conflict} />
                      </Suspense>
                    )}
                  />
                </Suspense>
              )}
            </AppShell.Footer>
          </AppShell>
        </ModalsProvider>
      </ErrorActionsContext.Provider>
    </ApiHostContext.Provider>
  );
}
