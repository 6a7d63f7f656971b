// Runs the browser client's engine (static/js/search-core.js) in Node for the Go
// tests: `node client.mjs search DIR CASES.json` answers each query of CASES against
// the index in DIR; `node client.mjs normalize VECTORS.json FOLD.json` normalises.
// Both print JSON on stdout.
import { readFile, open } from "node:fs/promises";
import { join } from "node:path";
import { SearchIndex, normalize, parseQuery, foldMap, gunzip } from "../../../static/js/search-core.js";

const [mode, a, b] = process.argv.slice(2);

async function fetchBytes(dir, name, start, end) {
  if (start === undefined) return new Uint8Array(await readFile(join(dir, name)));
  const fh = await open(join(dir, name));
  try {
    const buf = new Uint8Array(end - start);
    const { bytesRead } = await fh.read(buf, 0, end - start, start);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

if (mode === "search") {
  const ix = await new SearchIndex((n, s, e) => fetchBytes(a, n, s, e)).open();
  if (process.env.XXGK_VERIFY_LIMIT) ix.verifyLimit = Number(process.env.XXGK_VERIFY_LIMIT);
  const cases = JSON.parse(await readFile(b, "utf8"));
  const out = [];
  for (const c of cases) {
    const r = await ix.search(c.query, c.params ?? {});
    const counts = await ix.counts(r);
    out.push({ query: c.query, ids: r.ids, exact: r.exact,
      counts: counts && Object.fromEntries(Object.entries(counts).map(([k, m]) => [k, Object.fromEntries(m)])) });
  }
  console.log(JSON.stringify(out));
} else if (mode === "normalize") {
  const fold = foldMap(JSON.parse(new TextDecoder().decode(await gunzip(await readFile(b)))));
  const vectors = JSON.parse(await readFile(a, "utf8"));
  console.log(JSON.stringify({
    normalize: vectors.normalize.map(v => normalize(v.in, fold)),
    query: vectors.query.map(v => parseQuery(v.in, fold)),
  }));
} else {
  console.error("usage: client.mjs search DIR CASES | normalize VECTORS FOLD");
  process.exit(2);
}
