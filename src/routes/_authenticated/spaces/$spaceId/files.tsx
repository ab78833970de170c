import { createFileRoute, stripSearchParams } from '@tanstack/react-router';
import { mayListUsers } from '@/lib/user-queries';
import { prefetchBrowser } from '@/features/data-files/api/data-files';
import { DataFilesBrowser } from '@/features/data-files/components/data-files-browser';
import {
  DATA_FILES_SEARCH_DEFAULTS,
  listParamsOf,
  spaceFilesSearchSchema,
} from '@/features/data-files/search';

/** The Data files tab of a space: the same browser, pinned to the space. */
export const Route = createFileRoute('/_authenticated/spaces/$spaceId/files')({
  validateSearch: spaceFilesSearchSchema,
  search: { middlewares: [stripSearchParams(DATA_FILES_SEARCH_DEFAULTS)] },
  loaderDeps: ({ search }) => ({ search: { ...search, selected: [] } }),
  loader: ({ context, params, deps }) =>
    prefetchBrowser(
      context.queryClient,
      context.tenantConfig,
      listParamsOf({ ...deps.search, space: params.spaceId }, params.spaceId),
    ),
  component: SpaceFilesRoute,
});

function SpaceFilesRoute() {
  const { tenantConfig, user, capabilities } = Route.useRouteContext();
  const { spaceId } = Route.useParams();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <DataFilesBrowser
      tenant={tenantConfig}
      search={{ ...search, space: spaceId }}
      onSearchChange={(update) =>
        navigate({
          search: (prev) => {
            const { space: _pinned, ...next } = update({ ...prev, space: spaceId });
            return next;
          },
          replace: true,
        })
      }
      caller={{
        userId: user.id,
        managesAllSpaces: capabilities.isTenantAdmin && capabilities.has('admin.spaces'),
        mayListUsers: mayListUsers(capabilities),
      }}
      canSeeAllSpaces={false}
      fixedSpaceId={spaceId}
    />
  );
}
