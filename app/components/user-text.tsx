import Linkify from "linkify-react";

/**
 * Text a person wrote: shown as plain text (React escapes it), paragraphs kept,
 * web addresses made clickable. Never rendered as HTML.
 */
export function UserText({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className} dir="auto">
      {text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>
          <Linkify
            options={{
              rel: "nofollow ugc noopener noreferrer",
              target: "_blank",
              validate: { url: (value: string) => /^(https?:\/\/|www\.)/i.test(value) },
              defaultProtocol: "https",
            }}
          >
            {paragraph}
          </Linkify>
        </p>
      ))}
    </div>
  );
}
