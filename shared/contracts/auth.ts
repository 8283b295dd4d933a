/**
 * The token claims every management route reads (Cognito in AWS; the local token file locally),
 * and the roles those claims carry. Who may do what is decided here, once: each route in the
 * route table names the access it needs, and the HTTP edge checks the caller's groups against it.
 */

/** The JWT claim that scopes a token to one brand (a Cognito custom attribute in AWS). */
export const BRAND_CLAIM = 'custom:brand';

/** The JWT claim listing the caller's groups; API Gateway passes an array claim as "[a b]". */
export const GROUPS_CLAIM = 'cognito:groups';

/**
 * What a brand id may look like. Every key and the brand's credentials secret are built from it,
 * so it must never contain a key separator (`#`) or a path separator (`/`).
 */
export const BRAND_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The roles, as Cognito groups of the same names. */
export const ROLES = ['admin', 'editor', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a route needs: `read` anything of the brand; `write` posts, imports, queues, campaigns and
 * reports; `review` (approve or reject a post); `admin` (brand settings and accounts).
 */
export type Access = 'read' | 'write' | 'review' | 'admin';

/** The README's roles table, as code. A caller in none of these groups can only read, like a viewer. */
export const ROLES_WITH: Readonly<Record<Access, readonly Role[]>> = {
  read: ROLES,
  write: ['admin', 'editor', 'approver'],
  review: ['admin', 'approver'],
  admin: ['admin'],
};

export function mayAccess(groups: readonly string[], access: Access): boolean {
  // Without a group the caller is a reader: new users get no write access until someone grants it.
  if (access === 'read') return true;
  return ROLES_WITH[access].some((role) => groups.includes(role));
}
