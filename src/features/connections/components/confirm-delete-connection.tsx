import type { ConnectionGet } from '@qlik/api/data-connections';
import { openDeleteWithImpact } from '@/components/delete-with-impact';
import { apiCallForms } from '@/lib/api-call';
import type { TenantTarget } from '@/lib/qlik-host';
import { deleteConnectionCall } from '../api/api-calls';

/**
 * Asks before deleting one connection, from its detail page or its row in a list, showing first the apps whose
 * scripts use it (LIB CONNECT or lib:// through it), and asking again when some would break; offers the call to copy.
 */
export function confirmDeleteConnection(
  tenant: TenantTarget,
  connection: ConnectionGet,
  onConfirm: () => void,
): void {
  openDeleteWithImpact({
    title: 'Delete connection?',
    tenant,
    target: { kind: 'connection', spaceId: connection.space || null, name: connection.qName },
    message: (
      <>
        Delete <strong>{connection.qName}</strong>? Apps and scripts that use it will fail to load data.
      </>
    ),
    copyAs: () => apiCallForms(tenant.host, deleteConnectionCall(connection.qID)),
    onConfirm,
  });
}
