/** Space roles as the Qlik UI names them; the API names are what gets sent. */
export const ROLE_LABELS: Record<string, string> = {
  consumer: 'Can view',
  dataconsumer: 'Can consume data',
  facilitator: 'Can manage',
  producer: 'Can edit',
  codeveloper: 'Can edit data in apps',
  contributor: 'Can contribute',
  publisher: 'Can publish',
  basicconsumer: 'Restricted view',
  operator: 'Can operate',
  datapreview: 'Can preview data',
};

export const roleLabel = (role: string) => ROLE_LABELS[role] ?? role;
