import { Outlet, createRootRouteWithContext } from '@tanstack/react-router';
import type { RouterContext } from '@/app/router-context';
import { NotFound, RouteError } from '@/app/route-feedback';

export const Route = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  // Never a blank page: whatever fails or does not exist below gets a message and a way on.
  errorComponent: RouteError,
  notFoundComponent: NotFound,
});
