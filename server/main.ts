// `npm start`: one server process, or with WORKERS=N a primary that runs N of them on one port.
import cluster from "node:cluster";
import { ConfigError, loadConfig, type Config } from "./config.js";

const cfg = ((): Config => {
  try {
    return loadConfig();
  } catch (e) {
    // A setting that would make the server less safe than it looks: refuse to start, say why.
    if (!(e instanceof ConfigError)) throw e;
    console.error(`motcua: ${e.message}`);
    process.exit(2);
  }
})();

if (cfg.workers > 1 && cluster.isPrimary) {
  const { runPrimary } = await import("./cluster.js");
  await runPrimary(cfg);
} else {
  const { serve } = await import("./serve.js");
  await serve(cfg);
}
