import { Router } from "express";
import type { AppDeps } from "../app.js";
import { bodyObject } from "../app.js";

export function authRoutes(d: AppDeps): Router {
  const r = Router();
  r.post("/login", async (req, res) => {
    const b = bodyObject(req);
    const { token, official } = await d.auth.login(b.username, b.password);
    res.json({ token, tokenType: "Bearer", official });
  });
  r.get("/me", d.auth.middleware(), (req, res) => {
    res.json({ official: req.principal });
  });
  return r;
}
