// The reference conversion for `spar import spar7m`'s speed: DuckDB (C++, all cores) copies a Hub parquet into one
// JSON Lines file (COPY ... TO ... (FORMAT json)). Not the same bytes as spar's tree (DuckDB writes compact JSON in
// one file, not json.dumps' layout per task folder): the same input read and the same order of output written.
// Usage: node bench/scripts/duckdb-parquet-to-jsonl.mjs IN.parquet OUT.jsonl   (npm install @duckdb/node-api@1.5.6-r.1)
import { DuckDBInstance } from '@duckdb/node-api';
const [input, output] = process.argv.slice(2);
if (!input || !output) { console.error('usage: duckdb-parquet-to-jsonl.mjs IN.parquet OUT.jsonl'); process.exit(2); }
const quote = s => `'${s.replaceAll("'", "''")}'`;
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`COPY (SELECT * FROM read_parquet(${quote(input)})) TO ${quote(output)} (FORMAT json)`);
