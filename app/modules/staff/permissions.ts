/** Staff roles and what each may do. Checked on the server; mirrored in the UI. */
export const roles = ["moderator", "admin", "jury"] as const;
export type Role = (typeof roles)[number];

const moderatorPermissions = [
  "view:staff-area",
  "moderate:proposal",
  "moderate:comment",
  "write:note",
  "export:proposals",
  /** One initiative's contact data, on request; every request is logged (proposal.contactViewed). */
  "view:contact",
  /** Procedures, their phases and votes: create, edit, publish, archive, close, publish results. */
  "manage:procedure",
  /** Enter counted paper ballots (each batch is entered by two people independently). */
  "enter:paper",
  /** Implementation records of accepted initiatives ("Was ist daraus geworden?"). */
  "manage:outcome",
  /** Neighbourhood fund: review applications, run decision sessions, check spending reports. */
  "manage:fund",
] as const;

const adminPermissions = [
  ...moderatorPermissions,
  /** All contact data as CSV; every download is logged (export.contacts). */
  "export:contacts",
  "manage:staff",
  "manage:area",
  "manage:settings",
  "read:audit",
  /** Send a failed e-mail again (/staff/mail); logged as mail.retried. */
  "retry:mail",
  /** Neighbourhood fund rounds: rules, pots, decision team accounts. */
  "admin:fund",
] as const;

/**
 * A member of a fund round's decision team (Vergabeteam). No staff area: only
 * the rounds they belong to (FundJuryMember, checked per round on the server),
 * their applications without the applicants' contact data, conflicts of
 * interest, and the session (the chair runs it like staff).
 */
const juryPermissions = ["view:fund-jury"] as const;

export type Permission = (typeof adminPermissions)[number] | (typeof juryPermissions)[number];

export const rolePermissions: Record<Role, ReadonlyArray<Permission>> = {
  moderator: moderatorPermissions,
  admin: adminPermissions,
  jury: juryPermissions,
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as ReadonlyArray<string>).includes(value);
}

export function can(role: string, permission: Permission): boolean {
  return isRole(role) && rolePermissions[role].includes(permission);
}
