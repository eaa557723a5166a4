// Reads a `spar export --to hf` folder with two parquet readers that are not spar's (DuckDB's C++ reader and the
// hyparquet JavaScript reader) and checks what datasets.load_dataset(DIR) relies on: every shard the card's configs
// name exists and holds the counted rows, the schema and the `huggingface` metadata agree column for column, lists
// and nulls read back as written, and embedded images are JPEG/PNG bytes. Exit 1 on any mismatch.
// Usage: (cd DIR_WITH_NODE_MODULES && npm install @duckdb/node-api@1.5.6-r.1 hyparquet) && node bench/scripts/check-hf-export.mjs EXPORT_DIR
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = process.argv[2];
let failures = 0;
const fail = (msg) => { console.log(`FAIL ${msg}`); failures++; };

const card = readFileSync(join(dir, 'README.md'), 'utf8');
const yaml = card.startsWith('---\n') ? card.slice(4, card.indexOf('\n---\n', 4)) : fail('README.md has no YAML front matter') ?? '';
// The card's expected counts: dataset_info of each config, split name then num_examples.
const counts = {};
let config = null, split = null;
for (const line of yaml.split('\n')) {
  let m;
  if ((m = line.match(/^- config_name: (\S+)/))) config = m[1];
  else if ((m = line.match(/^  - name: (\S+)$/)) && yaml.indexOf('dataset_info:') < yaml.indexOf(line)) split = m[1];
  else if ((m = line.match(/^    num_examples: (\d+)/))) counts[`${config}/${split}`] = Number(m[1]);
}

const files = [];
(function walk(d) { for (const e of readdirSync(d)) { const p = join(d, e); statSync(p).isDirectory() ? walk(p) : p.endsWith('.parquet') && files.push(p); } })(join(dir, 'data'));
files.sort();

const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const rowsBy = {};
for (const f of files) {
  const rel = relative(dir, f);
  const [, source, name] = rel.split('/');
  const sp = name.replace(/-\d{5}\.parquet$/, '');
  const r = await con.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${f}')`);
  const n = r.getRowObjectsJson()[0].n;
  rowsBy[`${source}/${sp}`] = (rowsBy[`${source}/${sp}`] ?? 0) + n;
  rowsBy[`all/${sp}`] = (rowsBy[`all/${sp}`] ?? 0) + n;
  const desc = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${f}')`)).getRowObjects();
  const meta = (await con.runAndReadAll(`SELECT decode(value) AS v FROM parquet_kv_metadata('${f}') WHERE decode(key) = 'huggingface'`)).getRowObjects();
  if (meta.length !== 1) { fail(`${rel}: no huggingface metadata`); continue; }
  const features = JSON.parse(meta[0].v).info.features;
  const names = desc.map(o => o.column_name);
  if (JSON.stringify(names) !== JSON.stringify(Object.keys(features))) fail(`${rel}: columns ${names} but features ${Object.keys(features)}`);
  console.log(`${rel}: ${n} rows; ${desc.map(o => `${o.column_name} ${o.column_type}`).join(', ')}`);

  // The same file through hyparquet: ids, turns, images and markers must match DuckDB's reading.
  const buf = readFileSync(f);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const file = { byteLength: ab.byteLength, slice: (s, e) => ab.slice(s, e) };
  const rows = await parquetReadObjects({ file, utf8: true });
  const duck = (await con.runAndReadAll(`SELECT id, conversations, to_json(red_point) AS red, extra, len(image) AS images,
      ${features.image.feature._type === 'Image' ? `[upper(substr(hex(x.bytes), 1, 4)) FOR x IN image]` : `image`} AS img FROM read_parquet('${f}')`)).getRowObjectsJson();
  if (rows.length !== duck.length) fail(`${rel}: hyparquet ${rows.length} rows, DuckDB ${duck.length}`);
  for (let i = 0; i < Math.min(rows.length, duck.length); i++) {
    const h = rows[i], d = duck[i];
    if (h.id !== d.id) fail(`${rel} row ${i}: id ${h.id} vs ${d.id}`);
    if (JSON.stringify(h.conversations) !== JSON.stringify(d.conversations)) fail(`${rel} row ${i}: conversations differ`);
    if (JSON.stringify(h.red_point ?? null) !== (d.red ?? 'null').replace(/\.0\b/g, '')) fail(`${rel} row ${i}: red_point ${JSON.stringify(h.red_point)} vs ${d.red}`);
    if ((h.extra ?? null) !== (d.extra ?? null)) fail(`${rel} row ${i}: extra differs`);
    if (h.image.length !== Number(d.images)) fail(`${rel} row ${i}: image count differs`);
    if (features.image.feature._type === 'Image')
      for (const magic of d.img) if (magic !== 'FFD8' && magic !== '8950') fail(`${rel} row ${i}: image bytes start ${magic}, not JPEG/PNG`);
  }
}
for (const [key, n] of Object.entries(counts))
  if (rowsBy[key] !== n) fail(`card says ${key} has ${n} rows, the shards hold ${rowsBy[key] ?? 0}`);
console.log(`${files.length} shards, ${Object.keys(counts).length} config splits checked against the card: ${failures === 0 ? 'OK' : failures + ' failures'}`);
process.exit(failures === 0 ? 0 : 1);
