import { mkdirSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server for the tests (the npm `smtp-server` package), on a free
 * local port, with a login. It keeps every accepted message (parsed with
 * `mailparser`), optionally writes it to a folder (for the browser tests,
 * whose server runs in another process), and can refuse the next recipients
 * with a temporary (4xx) or permanent (5xx) answer.
 */
export type ReceivedMail = { to: string[]; parsed: ParsedMail };

export const TEST_SMTP_USER = "quartier";
export const TEST_SMTP_PASS = "geheim passwort";

export async function startTestSmtpServer(options: { saveTo?: string } = {}) {
  const received: ReceivedMail[] = [];
  const refusals: Array<{ code: number; message: string }> = [];
  let accepted = 0;
  if (options.saveTo) mkdirSync(options.saveTo, { recursive: true });

  const server = new SMTPServer({
    // Plain SMTP on localhost: no STARTTLS (a self-signed certificate would be refused),
    // but a login, so that the credentials in SMTP_URL are used and checked.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === TEST_SMTP_USER && auth.password === TEST_SMTP_PASS) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
      }
    },
    onRcptTo(_address, _session, callback) {
      const refusal = refusals.shift();
      if (refusal) {
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        const n = ++accepted;
        if (options.saveTo) {
          writeFileSync(path.join(options.saveTo, `${String(n).padStart(4, "0")}.eml`), raw);
        }
        simpleParser(raw)
          .then((parsed) => {
            received.push({ to, parsed });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("SMTP server has no port");
  const port = (address satisfies AddressInfo).port;
  const user = encodeURIComponent(TEST_SMTP_USER);
  const pass = encodeURIComponent(TEST_SMTP_PASS);

  return {
    port,
    url: `smtp://${user}:${pass}@127.0.0.1:${port}`,
    received,
    /** The next `count` recipients are refused with this SMTP code (451: try later; 550: never). */
    refuseNext(count: number, code = 451, message = "4.3.0 Mailbox temporarily unavailable") {
      for (let i = 0; i < count; i++) refusals.push({ code, message });
    },
    /** Messages received for one address. */
    for(address: string) {
      return received.filter((mail) => mail.to.includes(address));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TestSmtpServer = Awaited<ReturnType<typeof startTestSmtpServer>>;
