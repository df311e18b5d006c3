/**
 * On first start (no staff account yet) creates the first admin with a random
 * password and prints the login once. Does nothing when staff exist.
 */
import { createStaff } from "~/modules/staff/staff.server";
import { prisma } from "~/utils/db.server";

// Only an active admin counts: deactivated demo accounts (the paper counters) cannot log in.
if ((await prisma.staff.count({ where: { role: "admin", active: true } })) === 0) {
  const email = (process.env.ADMIN_EMAIL ?? "admin@quartiersstimme.local").toLowerCase();
  // ADMIN_PASSWORD lets an operator (or the test set-up) choose it; otherwise a random one.
  const password = process.env.ADMIN_PASSWORD || undefined;
  if (password && password.length < 12)
    throw new Error("ADMIN_PASSWORD needs at least 12 characters");
  const result = await createStaff({
    email,
    name: "Administrator",
    role: "admin",
    password,
    createdById: null,
  });
  if (result.status === "ok") {
    const line = "=".repeat(64);
    console.log(
      `\n${line}\n First start: an admin account was created.\n Staff login: http://localhost:${process.env.PORT ?? 3000}/staff/login\n Email:    ${email}\n Password: ${password ? "(from ADMIN_PASSWORD)" : result.password}\n This password is shown only once. Change it after logging in,\n or create accounts with: npm run staff:create -- --email … --role admin\n${line}\n`,
    );
  }
}
await prisma.$disconnect();
