// Pages loaded on first use: the procedure editor (CodeMirror), diagram layout (dagre) and diff
// are only fetched when an official opens a procedure, keeping the inbox quick on slow links.
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Loading } from "../components/ui.js";

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function Lazy(props: P) {
    const [C, setC] = useState<ComponentType<P> | undefined>(() => loaded);
    useEffect(() => {
      if (!C) void load().then((c) => setC(() => (loaded = c)));
    }, []);
    return C ? <C {...props} /> : <Loading />;
  };
}
