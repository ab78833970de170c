import { SPACE_TYPES, type SpaceType } from '../../store/spaces';

export interface SpacesQuery {
  type?: string;
  name?: string;
  ownerId?: string;
  filter?: string;
  sort?: string;
  limit: number;
  next?: string;
  prev?: string;
  action?: string;
  roles?: string[];
}

export interface AssignmentsQuery {
  type?: 'user' | 'group' | 'bot';
  assigneeId?: string;
  limit: number;
  next?: string;
  prev?: string;
}

export interface SpaceParams {
  spaceId: string;
}
export interface AssignmentParams extends SpaceParams {
  assignmentId: string;
}

export interface CreateSpaceBody {
  name?: unknown;
  type: SpaceType;
  description?: unknown;
}
export interface PutSpaceBody {
  name?: unknown;
  description?: unknown;
  ownerId?: unknown;
}
export type PatchSpaceBody = { op?: unknown; path?: unknown; value?: unknown }[];

export interface CreateAssignmentBody {
  type: 'user' | 'group' | 'bot';
  assigneeId: string;
  roles: unknown;
}

const cursor = {
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
  next: { type: 'string', maxLength: 2000 },
  prev: { type: 'string', maxLength: 2000 },
} as const;

const spaceParams = {
  type: 'object',
  properties: { spaceId: { type: 'string', maxLength: 100 } },
  required: ['spaceId'],
} as const;
const assignmentParams = {
  type: 'object',
  properties: {
    spaceId: { type: 'string', maxLength: 100 },
    assignmentId: { type: 'string', maxLength: 100 },
  },
  required: ['spaceId', 'assignmentId'],
} as const;
const rolesList = { type: 'array', maxItems: 20, items: { type: 'string' } } as const;

export const listSpacesSchema = {
  querystring: {
    type: 'object',
    properties: {
      type: { type: 'string', maxLength: 100 },
      name: { type: 'string', maxLength: 256 },
      ownerId: { type: 'string', maxLength: 100 },
      filter: { type: 'string', maxLength: 2000 },
      sort: { type: 'string', maxLength: 50 },
      action: { type: 'string', maxLength: 50 },
      roles: { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 20 },
      ...cursor,
    },
  },
};

export const createSpaceSchema = {
  body: {
    type: 'object',
    properties: { name: {}, type: { type: 'string', enum: [...SPACE_TYPES] }, description: {} },
    required: ['type'],
  },
};

export const spaceSchema = { params: spaceParams };

export const putSpaceSchema = {
  params: spaceParams,
  body: {
    type: 'object',
    properties: { name: {}, description: {}, ownerId: { type: 'string', maxLength: 100 } },
  },
};

export const patchSpaceSchema = {
  params: spaceParams,
  body: { type: 'array', minItems: 1, maxItems: 10, items: { type: 'object' } },
};

export const listAssignmentsSchema = {
  params: spaceParams,
  querystring: {
    type: 'object',
    properties: {
      type: { type: 'string', enum: ['user', 'group', 'bot'] },
      assigneeId: { type: 'string', maxLength: 100 },
      ...cursor,
    },
  },
};

export const createAssignmentSchema = {
  params: spaceParams,
  body: {
    type: 'object',
    properties: {
      type: { type: 'string', enum: ['user', 'group', 'bot'] },
      assigneeId: { type: 'string', minLength: 1, maxLength: 100 },
      roles: rolesList,
    },
    required: ['type', 'assigneeId', 'roles'],
  },
};

export const assignmentSchema = { params: assignmentParams };

export const putAssignmentSchema = {
  params: assignmentParams,
  body: { type: 'object', properties: { roles: rolesList }, required: ['roles'] },
};
