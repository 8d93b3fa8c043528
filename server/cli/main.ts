// Command-line entry: dispatches `motcua <command>` to one module per command.
import { fileURLToPath } from "node:url";

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  lint: { summary: "lint <files...> [--json]   check procedure files; exit 1 on any error", load: async () => (await import("./lint.js")).lintCommand },
  audit: { summary: "audit verify <bundle.json> --checkpoint-key <pem> [--trust <ca.pem>]   verify an evidence bundle offline", load: async () => (await import("./audit.js")).auditCommand },
  sign: { summary: "sign --payload <file|-> (--key <pem> --cert <pem> | --pkcs11 <module> --slot <id> --key-label <label>)   sign a case's signing payload (--help for more)", load: async () => (await import("./sign.js")).signCommand },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const cmd = name ? COMMANDS[name] : undefined;
  if (!cmd) {
    console.error("usage: motcua <command>\n" + Object.values(COMMANDS).map((c) => "  motcua " + c.summary).join("\n"));
    return name === undefined || name === "help" || name === "--help" ? 0 : 2;
  }
  return (await cmd.load())(rest);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
