// The search engine of the portal, without the page: normalisation, query parsing,
// reading the index files written by internal/search, matching, ranking, facets and
// snippets. It runs in browsers and in Node (the tests), given a function that
// fetches a byte range of an index file.

const FIELDS = 3; // title, metadata, body — in ranking order
const BODY = 2;
const PAGE = 20; // results shown at once: their records are fetched anyway

// ---- Normalisation (internal/search/normalize.go; vectors in internal/search/testdata) ----

/** Characters that separate query terms: JavaScript's \s plus U+0085, as in Go. */
export function isSpace(ch) {
  const c = ch.codePointAt(0);
  return (c >= 0x2000 && c <= 0x200a) ||
    "\t\n\v\f\r \u0085\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff".includes(ch);
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

/** Folds one character: Latin, Greek and Cyrillic lower case; traditional → simplified. */
function foldChar(ch, fold) {
  const c = ch.codePointAt(0);
  if (c < 0x530 && c !== 0x130) ch = ch.toLowerCase();
  return fold.get(ch) ?? ch;
}

/** normalize returns s as the index sees it (NFKC, folded, letters and digits only). */
export function normalize(s, fold) {
  let out = "";
  for (let ch of s.normalize("NFKC")) {
    ch = foldChar(ch, fold);
    if (LETTER_OR_NUMBER.test(ch)) out += ch;
  }
  return out;
}

/** parseQuery splits a query into normalised terms; "phrases" keep spaces, -term excludes. */
export function parseQuery(q, fold) {
  const rs = [...q.normalize("NFKC")];
  const terms = [];
  for (let i = 0; i < rs.length;) {
    if (isSpace(rs[i])) { i++; continue; }
    let negative = false;
    if (rs[i] === "-" && i + 1 < rs.length && !isSpace(rs[i + 1])) { negative = true; i++; }
    let raw = "";
    if (rs[i] === '"' || rs[i] === "“") {
      i++;
      while (i < rs.length && rs[i] !== '"' && rs[i] !== "”") raw += rs[i++];
      i++;
    } else {
      while (i < rs.length && !isSpace(rs[i])) raw += rs[i++];
    }
    const text = normalize(raw, fold);
    if (text) terms.push(negative ? { text, negative } : { text });
  }
  return terms;
}

/** Builds the fold map from fold.json ({from, to}: characters pairwise). */
export function foldMap(table) {
  const from = [...table.from], to = [...table.to];
  return new Map(from.map((c, i) => [c, to[i]]));
}

// ---- Decoding ----

/** FNV-1a over the UTF-8 bytes of key: the dictionary shard of key. */
export function shardOf(key, shards) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(key)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h % shards;
}

class Bytes {
  constructor(b, i = 0) { this.b = b; this.i = i; }
  more() { return this.i < this.b.length; }
  uvarint() {
    let v = 0, mul = 1;
    for (let n = 0; n < 7; n++) {
      if (this.i >= this.b.length) throw new Error("corrupt index");
      const x = this.b[this.i++];
      v += (x & 0x7f) * mul;
      if (x < 0x80) return v;
      mul *= 128;
    }
    throw new Error("corrupt index");
  }
  take(n) {
    if (this.i + n > this.b.length) throw new Error("corrupt index");
    this.i += n;
    return this.b.subarray(this.i - n, this.i);
  }
}

export async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Parses an uncompressed dictionary shard into a Map from key to entry. */
export function parseShard(b) {
  const m = new Map();
  const r = new Bytes(b);
  const dec = new TextDecoder("utf-8", { fatal: true });
  while (r.more()) {
    const key = dec.decode(r.take(r.uvarint()));
    const kind = r.take(1)[0];
    if (kind === 1) {
      const fields = [];
      for (let f = 0; f < FIELDS; f++) {
        const df = r.uvarint();
        fields.push(df ? { df, file: r.uvarint(), off: r.uvarint(), docLen: r.uvarint(), posLen: r.uvarint() } : null);
      }
      m.set(key, { fields });
    } else if (kind === 2) {
      const ids = [];
      for (let n = r.uvarint(); n > 0; n--) ids.push(r.uvarint());
      m.set(key, { ids });
    } else {
      throw new Error("corrupt index");
    }
  }
  return m;
}

/** Decodes a posting list — its document part and, when given, its position part —
 * into ids ascending, counts and positions. */
export function decodeList(docs, positions, df) {
  const r = new Bytes(docs);
  const ids = new Array(df), counts = new Array(df);
  let id = -1;
  for (let k = 0; k < df; k++) { id += r.uvarint(); ids[k] = id; counts[k] = r.uvarint(); }
  if (r.more()) throw new Error("corrupt index");
  let pos = null;
  if (positions) {
    const pr = new Bytes(positions);
    pos = counts.map(c => {
      const ps = new Array(c);
      let p = 0;
      for (let k = 0; k < c; k++) { p += pr.uvarint(); ps[k] = p; }
      return ps;
    });
  }
  return { ids, counts, pos };
}

function has(sorted, x) {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === x;
}

/** Offsets of the bigrams that prove a term of n ≥ 3 characters. */
export function cover(n) {
  const offs = [];
  for (let o = 0; o < n - 1; o += 2) offs.push(o);
  if (offs[offs.length - 1] !== n - 2) offs.push(n - 2);
  return offs;
}

// ---- The index ----

/**
 * SearchIndex reads the files under /search/. fetchBytes(name, start, end) returns a
 * Promise of the bytes [start, end) of a file, or the whole file when start is
 * undefined.
 */
export class SearchIndex {
  constructor(fetchBytes) {
    this.fetchBytes = fetchBytes;
    this.shards = new Map();
    this.ranges = new Map();
    this.facets = null;
    // When set, up to this many candidate documents are checked against their text
    // rather than the positions in the index; unset, the cheaper way in bytes is
    // chosen. The tests set it to force each way.
    this.verifyLimit = undefined;
  }

  async open() {
    if (this.meta) return this;
    const dec = new TextDecoder();
    const [meta, fold] = await Promise.all([
      this.fetchBytes("meta.bin").then(gunzip), this.fetchBytes("fold.bin").then(gunzip),
    ]);
    this.meta = JSON.parse(dec.decode(meta));
    if (this.meta.version !== 2) throw new Error("unsupported index version " + this.meta.version);
    this.fold = foldMap(JSON.parse(dec.decode(fold)));
    return this;
  }

  parse(q) { return parseQuery(q, this.fold); }

  shard(n) {
    if (!this.shards.has(n)) {
      // A failed fetch is forgotten, so that the next search tries again.
      this.shards.set(n, this.fetchBytes(`dict-${n}.bin`).then(gunzip).then(parseShard)
        .catch(e => { this.shards.delete(n); throw e; }));
    }
    return this.shards.get(n);
  }

  async entry(key) {
    return (await this.shard(shardOf(key, this.meta.dictShards))).get(key);
  }

  range(name, start, end) {
    const k = `${name}:${start}:${end}`;
    if (!this.ranges.has(k)) {
      this.ranges.set(k, this.fetchBytes(name, start, end).catch(e => { this.ranges.delete(k); throw e; }));
    }
    return this.ranges.get(k);
  }

  async list(ref, withPos) {
    if (!ref) return { ids: [], counts: [], pos: [] };
    // The two parts are fetched separately, so that a list whose documents were read
    // first costs only its positions when those are needed too.
    const name = `postings-${ref.file}.bin`, mid = ref.off + ref.docLen;
    const [docs, positions] = await Promise.all([
      this.range(name, ref.off, mid),
      withPos && ref.posLen > 0 ? this.range(name, mid, mid + ref.posLen) : null,
    ]);
    return decodeList(docs, positions, ref.df);
  }

  loadFacets() {
    this.facets ??= this.fetchBytes("facets.bin").then(gunzip).then(b => {
      const n = this.meta.docs;
      const cols = [];
      let off = 0;
      for (const f of this.meta.facets) {
        const col = new Uint16Array(n);
        const dv = new DataView(b.buffer, b.byteOffset);
        for (let i = 0; i < n; i++) col[i] = f.width === 1 ? b[off + i] : dv.getUint16(off + 2 * i, true);
        off += n * f.width;
        cols.push(col);
      }
      return cols;
    });
    return this.facets;
  }

  /**
   * matchTerm finds the documents containing the normalised term t. It returns a Map
   * from id to { counts: [title, meta, body], pos: body start positions or null }.
   */
  async matchTerm(t, withPos) {
    const rs = [...t];
    const out = new Map();
    const note = (id, f, count, pos) => {
      let m = out.get(id);
      if (!m) out.set(id, m = { counts: [0, 0, 0], pos: null });
      m.counts[f] = count;
      if (f === BODY) m.pos = pos;
    };
    if (rs.length <= 2) {
      const e = await this.entry(t);
      if (!e?.fields) return out;
      const lists = await Promise.all(e.fields.map(ref => this.list(ref, withPos && rs.length === 2)));
      lists.forEach((l, f) => l.ids.forEach((id, k) => note(id, f, l.counts[k], l.pos ? l.pos[k] : null)));
      return out;
    }
    const offs = cover(rs.length);
    const entries = await Promise.all(offs.map(o => this.entry(rs[o] + rs[o + 1])));
    if (entries.some(e => !e?.fields)) return out;
    const present = f => !entries.some(e => !e.fields[f]);

    // The documents holding the bigrams are the candidates. When they are few, their
    // text — fetched to show them anyway — proves the phrase more cheaply than the
    // positions of common bigrams would. Narrow them with the cheapest lists while a
    // list costs less than the text it would spare.
    const docBytes = e => e.fields.reduce((n, ref) => n + (ref?.docLen ?? 0), 0);
    const allBytes = entries.reduce((n, e) => n + e.fields.reduce((m, ref) => m + (ref ? ref.docLen + ref.posLen : 0), 0), 0);
    const textBytes = n => Math.max(0, n - PAGE) * (this.meta.avgRecord || 2048);
    let candidates = null;
    for (const e of [...entries].sort((a, b) => docBytes(a) - docBytes(b))) {
      if (candidates && this.verifyLimit === undefined && textBytes(candidates.size) <= docBytes(e)) break;
      const lists = await Promise.all(e.fields.map(ref => this.list(ref, false)));
      const ids = new Set(lists.flatMap(l => l.ids)); // any field: a superset, checked below
      candidates = candidates ? new Set([...candidates].filter(id => ids.has(id))) : ids;
    }
    const byText = this.verifyLimit === undefined ? textBytes(candidates.size) <= allBytes : candidates.size <= this.verifyLimit;
    if (byText) {
      const records = await Promise.all([...candidates].map(async id => {
        const r = await this.record(id);
        return { ...r, x: r.x + await this.rest(r) };
      }));
      records.forEach((r, k) => {
        const id = [...candidates][k];
        [[r.t], r.m, [r.x]].forEach((values, f) => {
          const starts = [];
          let base = 0;
          for (const v of values) {
            const n = [...normalize(v, this.fold)];
            for (let i = 0; i + rs.length <= n.length; i++) {
              if (n[i] === rs[0] && n.slice(i, i + rs.length).join("") === t) starts.push(base + i);
            }
            base += n.length + 1;
          }
          if (starts.length) note(id, f, starts.length, starts);
        });
      });
      return out;
    }
    const perField = await Promise.all([0, 1, 2].map(f =>
      present(f) ? Promise.all(entries.map(e => this.list(e.fields[f], true))) : null));
    perField.forEach((lists, f) => {
      if (!lists) return;
      const at = new Array(lists.length).fill(0);
      lists[0].ids.forEach((id, i) => {
        for (let k = 1; k < lists.length; k++) {
          const ids = lists[k].ids;
          while (at[k] < ids.length && ids[at[k]] < id) at[k]++;
          if (ids[at[k]] !== id) return;
        }
        const starts = lists[0].pos[i].filter(p => {
          for (let k = 1; k < lists.length; k++) if (!has(lists[k].pos[at[k]], p + offs[k])) return false;
          return true;
        });
        if (starts.length) note(id, f, starts.length, starts);
      });
    });
    return out;
  }

  /**
   * search runs a query. params: { publisher, category, year, genre, sort }. It returns
   * { terms, ids (ranked, filtered), ranked (before the filters), params, exact }.
   */
  async search(q, params = {}) {
    const terms = this.parse(q);
    const positive = terms.filter(t => !t.negative);
    if (!positive.length) return { terms, ids: [], exact: [] };
    const withPos = positive.length > 1;
    const [matches, exactEntry] = await Promise.all([
      Promise.all(terms.map(t => this.matchTerm(t.text, withPos && !t.negative))),
      terms.length === 1 ? this.entry("=" + terms[0].text) : null,
    ]);
    const exact = exactEntry?.ids ?? [];
    const pm = matches.filter((_, i) => !terms[i].negative);
    const nm = matches.filter((_, i) => terms[i].negative);
    let ids = [...pm.reduce((a, b) => a.size <= b.size ? a : b).keys()]
      .filter(id => pm.every(m => m.has(id)) && !nm.some(m => m.has(id)));

    // Ranking: title before metadata before body; more occurrences and closer terms
    // higher; exact 索引号/文号 first; newer (lower id) first on ties.
    const score = new Map();
    for (const id of ids) {
      let s = exact.includes(id) ? 1e9 : 0;
      for (const m of pm) {
        const c = m.get(id).counts;
        s += (c[0] > 0) * 1e6 + (c[1] > 0) * 1e4 + Math.min(c[2], 50) * 10;
      }
      if (pm.length > 1) s += proximity(pm.map(m => m.get(id).pos));
      score.set(id, s);
    }
    if (params.sort === "date") {
      ids.sort((a, b) => (exact.includes(b) - exact.includes(a)) || a - b);
    } else {
      ids.sort((a, b) => score.get(b) - score.get(a) || a - b);
    }

    // Filters need the facet column; without any, it is left for counts(), so that the
    // first results appear before it arrives.
    const ranked = ids;
    if (this.meta.facets.some(f => params[f.key])) {
      const passes = this.filter(await this.loadFacets(), params);
      ids = ids.filter(id => passes(id, -1));
    }
    return { terms, ids, ranked, params, exact };
  }

  /** filter returns a test of a document against the filters in params, ignoring the facet numbered skip. */
  filter(cols, params) {
    const wanted = this.meta.facets.map(f => {
      const v = params[f.key];
      if (!v) return null;
      const i = f.values.findIndex(x => x.value === v);
      return i < 0 ? new Set() : this.descendants(f, i);
    });
    return (id, skip) => wanted.every((w, k) => k === skip || !w || w.has(cols[k][id]));
  }

  /**
   * counts gives, for a search's result r, the number of results under each value of
   * each facet, with the other facets' filters applied: per facet key, a Map from
   * value index to count.
   */
  async counts(r) {
    if (!r.ranked) return null;
    const cols = await this.loadFacets();
    const passes = this.filter(cols, r.params);
    const counts = {};
    this.meta.facets.forEach((f, k) => {
      const c = new Map();
      for (const id of r.ranked) {
        if (!passes(id, k)) continue;
        for (let v = cols[k][id]; v >= 0; v = f.values[v].parent) c.set(v, (c.get(v) ?? 0) + 1);
      }
      counts[f.key] = c;
    });
    return counts;
  }

  /** The value indexes of facet f at or under value i (categories nest). */
  descendants(f, i) {
    const s = new Set([i]);
    f.values.forEach((v, j) => {
      for (let p = v.parent; p >= 0; p = f.values[p].parent) if (p === i) s.add(j);
    });
    return s;
  }

  /**
   * record fetches what a result shows: title (t), URL (u), date (d), publisher (p),
   * category (c), genre (g), 索引号 (i), 文号 (w), metadata (m) and the first chunk of
   * the body (x); k lists the compressed lengths of the body's further chunks.
   */
  async record(id) {
    const idx = await this.range("docidx.bin", 12 * id, 12 * id + 12);
    const dv = new DataView(idx.buffer, idx.byteOffset, 12);
    const file = dv.getUint32(0, true), off = dv.getUint32(4, true), len = dv.getUint32(8, true);
    const z = await this.range(`docs-${file}.bin`, off, off + len);
    const r = JSON.parse(new TextDecoder().decode(await gunzip(z)));
    r.k ??= [];
    Object.defineProperty(r, "rest", { value: { file, off: off + len } });
    return r;
  }

  /** rest returns the body of record r after its first chunk (one request). */
  async rest(r) {
    if (!r.k.length) return "";
    const total = r.k.reduce((a, b) => a + b, 0);
    const z = await this.range(`docs-${r.rest.file}.bin`, r.rest.off, r.rest.off + total);
    const dec = new TextDecoder();
    let text = "", at = 0;
    for (const n of r.k) {
      text += dec.decode(await gunzip(z.subarray(at, at + n)));
      at += n;
    }
    return text;
  }
}

/** A bonus for terms that occur near one another in the body (closest pair). */
function proximity(lists) {
  let best = Infinity;
  for (let a = 0; a < lists.length; a++) {
    for (let b = a + 1; b < lists.length; b++) {
      const x = lists[a], y = lists[b];
      if (!x || !y) continue;
      for (let i = 0, j = 0; i < x.length && j < y.length;) {
        best = Math.min(best, Math.abs(x[i] - y[j]));
        if (x[i] < y[j]) i++; else j++;
      }
    }
  }
  return best === Infinity ? 0 : Math.max(0, 100 - best);
}

// ---- Snippets ----

/**
 * highlight finds the terms in text and returns pieces [{text, mark}] covering a
 * window of about width characters around the first match (the whole text when
 * short). Matching is on normalised text, so 職業 in the text is marked for 职业.
 */
export function highlight(text, terms, fold, width = 120) {
  const chars = [...text];
  let norm = "";
  const origin = []; // UTF-16 unit of the normalised text → index in chars
  chars.forEach((ch, i) => {
    for (let c of ch.normalize("NFKC")) {
      c = foldChar(c, fold);
      if (LETTER_OR_NUMBER.test(c)) {
        norm += c;
        for (let u = 0; u < c.length; u++) origin.push(i);
      }
    }
  });
  const marked = new Array(chars.length).fill(false);
  let first = -1;
  for (const t of terms) {
    for (let at = norm.indexOf(t); at >= 0; at = norm.indexOf(t, at + 1)) {
      const s = origin[at], e = origin[at + t.length - 1];
      for (let k = s; k <= e; k++) marked[k] = true;
      if (first < 0 || s < first) first = s;
    }
  }
  if (first < 0) first = 0;
  let start = 0, end = chars.length;
  if (chars.length > width) {
    start = Math.max(0, first - Math.floor(width / 3));
    end = Math.min(chars.length, start + width);
  }
  const pieces = [];
  if (start > 0) pieces.push({ text: "…", mark: false });
  for (let k = start; k < end; k++) {
    const last = pieces[pieces.length - 1];
    if (last && last.mark === marked[k] && last.text !== "…") last.text += chars[k];
    else pieces.push({ text: chars[k], mark: marked[k] });
  }
  if (end < chars.length) pieces.push({ text: "…", mark: false });
  return pieces;
}
