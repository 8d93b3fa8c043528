// Where PostgreSQL's time goes per statement during a bench window, from pg_stat_statements when
// the server has it loaded (shared_preload_libraries); otherwise the bench says how to load it.
import pg from "pg";

export interface StatementFigures {
  available: boolean;
  /** Top statements of the bench's database by total execution time, as printable lines. */
  lines: string[];
}

export class PgStatements {
  private constructor(private readonly url: string, readonly available: boolean) {}

  static async open(url: string): Promise<PgStatements> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const loaded = (await c.query<{ s: string }>("select current_setting('shared_preload_libraries') as s")).rows[0]!.s.includes("pg_stat_statements");
      if (loaded) await c.query("create extension if not exists pg_stat_statements");
      return new PgStatements(url, loaded);
    } finally {
      await c.end();
    }
  }

  private async query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
    const c = new pg.Client({ connectionString: this.url });
    await c.connect();
    try {
      return (await c.query<T>(sql)).rows;
    } finally {
      await c.end();
    }
  }

  async reset(): Promise<void> {
    if (this.available) await this.query("select pg_stat_statements_reset()");
  }

  /** `per`: the number of POSTs in the window, to give each statement's cost per action. */
  async top(per: number, n = 8): Promise<StatementFigures> {
    if (!this.available) return { available: false, lines: ["not loaded: ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements' and restart PostgreSQL"] };
    const rows = await this.query<{ query: string; calls: string; total: number; mean: number; rows: string; hit: string; dirtied: string; wal: string }>(
      `select left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as query, calls, total_exec_time as total, mean_exec_time as mean, rows,
              shared_blks_hit as hit, shared_blks_dirtied as dirtied, wal_bytes as wal
       from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
       order by total_exec_time desc limit ${n}`,
    );
    const totals = await this.query<{ total: number; plan: number; wal: string; calls: string }>(
      "select sum(total_exec_time) as total, sum(total_plan_time) as plan, sum(wal_bytes) as wal, sum(calls) as calls from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())",
    );
    const t = totals[0]!;
    // Planning is counted only with pg_stat_statements.track_planning = on.
    const lines = [`all statements: ${(Number(t.total) / per).toFixed(3)} ms execution, ${(Number(t.plan) / per).toFixed(3)} ms planning and ${Math.round(Number(t.wal) / per)} WAL bytes per POST, ${(Number(t.calls) / per).toFixed(2)} statements per POST`];
    for (const r of rows) {
      lines.push(`${(r.total / per).toFixed(3)} ms/POST, ${(Number(r.calls) / per).toFixed(2)} calls/POST, mean ${r.mean.toFixed(3)} ms, ${Math.round(Number(r.wal) / Math.max(1, Number(r.calls)))} WAL B/call, ${(Number(r.dirtied) / Math.max(1, Number(r.calls))).toFixed(1)} blocks dirtied/call: ${r.query}`);
    }
    return { available: true, lines };
  }
}
