/**
 * Creates a staff account and prints its password once.
 *   npm run staff:create -- --email anna@example.org --role admin [--name "Anna M."] [--password …]
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { roles } from "~/modules/staff/permissions";
import { createStaff } from "~/modules/staff/staff.server";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    role: { type: "string", default: "moderator" },
    name: { type: "string" },
    password: { type: "string" },
  },
});

const Args = z.object({
  email: z.email(),
  role: z.enum(roles),
  name: z.string().trim().min(1).optional(),
  password: z.string().min(12, "at least 12 characters").optional(),
});

const parsed = Args.safeParse(values);
if (!parsed.success) {
  console.error(
    `Usage: npm run staff:create -- --email EMAIL --role admin|moderator|jury [--name NAME] [--password PASSWORD]\n${z.prettifyError(parsed.error)}`,
  );
  process.exit(2);
}

const { email, role, name, password } = parsed.data;
const result = await createStaff({
  email,
  role,
  name: name ?? email.split("@")[0],
  password,
  createdById: null,
});
if (result.status === "refused") {
  console.error(`A staff account with the email ${email} exists already.`);
  process.exit(1);
}
console.log(`Created ${role} ${email}.`);
if (!password) console.log(`Password (shown once): ${result.password}`);
