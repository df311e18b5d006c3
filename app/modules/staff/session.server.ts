import { createCookie, redirect } from "@remix-run/node";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "~/utils/env.server";
import { ALLOWED_FORM_METHODS, readForm } from "~/utils/form.server";
import { prisma } from "~/utils/db.server";
import { can, type Permission } from "./permissions";

const SESSION_HOURS = 8;

export const staffSessionCookie = createCookie("qs_staff", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: getEnv().PUBLIC_BASE_URL.startsWith("https://"),
  maxAge: SESSION_HOURS * 60 * 60,
});

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export type StaffUser = {
  id: string;
  sessionId: string;
  email: string;
  name: string;
  role: string;
  csrfToken: string;
};

/** Starts a session; returns the Set-Cookie header value. Only a hash of the token is stored. */
export async function createStaffSession(staffId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await prisma.staffSession.create({
    data: {
      id: sha256(token),
      staffId,
      csrfToken: randomBytes(24).toString("base64url"),
      expiresAt: new Date(Date.now() + SESSION_HOURS * 60 * 60 * 1000),
    },
  });
  // Expired sessions of anyone are cleaned up now and then, at login time.
  await prisma.staffSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return staffSessionCookie.serialize(token);
}

export async function getStaffUser(request: Request): Promise<StaffUser | null> {
  const token = await staffSessionCookie.parse(request.headers.get("Cookie"));
  if (typeof token !== "string" || token.length < 20) return null;
  const session = await prisma.staffSession.findUnique({
    where: { id: sha256(token) },
    include: { staff: { select: { id: true, email: true, name: true, role: true, active: true } } },
  });
  if (!session || session.expiresAt < new Date() || !session.staff.active) return null;
  const { active: _active, ...staff } = session.staff;
  return { ...staff, sessionId: session.id, csrfToken: session.csrfToken };
}

/** Ends the session on the server (not just in the browser); returns the Set-Cookie header. */
export async function destroyStaffSession(request: Request): Promise<string> {
  const token = await staffSessionCookie.parse(request.headers.get("Cookie"));
  if (typeof token === "string") {
    await prisma.staffSession.deleteMany({ where: { id: sha256(token) } });
  }
  return staffSessionCookie.serialize("", { maxAge: 0 });
}

/**
 * For staff loaders: a visitor without a session goes to the login page; a
 * staff member without the permission gets 403.
 */
export async function requireStaff(request: Request, permission: Permission): Promise<StaffUser> {
  const user = await getStaffUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/staff/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!can(user.role, permission)) throw new Response("Forbidden", { status: 403 });
  return user;
}

/**
 * For staff actions: the role check plus cross-site request forgery protection.
 * The form must carry the session's token in the field `csrf`, and a browser's
 * Origin header, when sent, must be this site. Returns the parsed form data.
 */
export async function requireStaffAction(
  request: Request,
  permission: Permission,
  parseForm: (request: Request) => Promise<FormData> = (r) => readForm(r),
): Promise<{ user: StaffUser; formData: FormData }> {
  if (request.method !== "POST") {
    throw new Response("Method not allowed.", {
      status: 405,
      headers: { Allow: ALLOWED_FORM_METHODS },
    });
  }
  const user = await getStaffUser(request);
  if (!user) throw new Response("Unauthorized", { status: 401 });
  if (!can(user.role, permission)) throw new Response("Forbidden", { status: 403 });
  const origin = request.headers.get("Origin");
  const allowed = [new URL(request.url).origin, getEnv().PUBLIC_BASE_URL].filter(Boolean);
  if (origin && !allowed.includes(origin)) {
    throw new Response("Cross-site request refused", { status: 403 });
  }
  const formData = await parseForm(request);
  const sent = formData.get("csrf");
  if (typeof sent !== "string" || !safeEqual(sent, user.csrfToken)) {
    throw new Response("Invalid or missing CSRF token", { status: 403 });
  }
  return { user, formData };
}

function safeEqual(a: string, b: string) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
