// The search page (/search/): reads the query and filters from the URL, runs them
// through search-core.js and shows the results. Every string from the index is
// inserted as text, never as HTML. State lives in the URL so results can be shared.
import { SearchIndex, highlight } from "./search-core.js";

const PAGE_SIZE = 20;
const PARAMS = ["q", "publisher", "category", "year", "genre", "sort", "page"];
const indexURL = new URL("../search/", import.meta.url);

// fetchBytes reads a file of the index, or the byte range [start, end) of it. A server
// that ignores Range answers 200 with the whole file: it is kept and sliced.
const whole = new Map();
async function fetchBytes(name, start, end) {
  const url = new URL(name, indexURL);
  if (whole.has(name)) return slice(await whole.get(name), start, end);
  if (start === undefined) {
    const p = get(url, {}).catch(e => { whole.delete(name); throw e; });
    whole.set(name, p);
    return p;
  }
  const res = await fetch(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
  if (!res.ok) throw new Error(`${res.status} ${url}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (res.status === 206) return bytes;
  whole.set(name, Promise.resolve(bytes));
  return slice(bytes, start, end);
}

async function get(url, init) {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${res.status} ${url}`);
  return new Uint8Array(await res.arrayBuffer());
}

function slice(bytes, start, end) {
  return start === undefined ? bytes : bytes.subarray(start, end);
}

const index = new SearchIndex(fetchBytes);
const $ = id => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function state() {
  const u = new URLSearchParams(location.search);
  const s = {};
  for (const k of PARAMS) s[k] = u.get(k) ?? "";
  s.page = Math.max(1, parseInt(s.page, 10) || 1);
  return s;
}

function href(s, changes) {
  const next = { ...s, ...changes };
  const u = new URLSearchParams();
  for (const k of PARAMS) {
    const v = next[k];
    if (v && !(k === "page" && v === 1)) u.set(k, v);
  }
  return "?" + u.toString();
}

let generation = 0;

// run shows the search in the URL; a failure to read the index at any step says so.
function run() {
  const gen = ++generation;
  return show(gen).catch(e => {
    if (gen === generation) {
      $("search-status").textContent = "搜索暂时无法使用（索引文件读取失败），请稍后再试，或按发布机构、主题分类浏览。";
    }
    console.warn(e);
  });
}

async function show(gen) {
  const s = state();
  $("search-q").value = s.q;
  $("search-sort").value = s.sort === "date" ? "date" : "";
  document.title = (s.q ? `“${s.q}”的搜索结果` : "站内搜索") + " - " + document.title.split(" - ").pop();
  const status = $("search-status"), list = $("search-list"), pager = $("search-pager"), filters = $("search-filters");
  list.replaceChildren();
  pager.hidden = true;
  filters.hidden = true;
  if (!s.q.trim()) {
    status.textContent = "请输入要查找的词语、索引号或文号。";
    return;
  }
  status.textContent = "正在搜索…";
  await index.open();
  const r = await index.search(s.q, s);
  if (gen !== generation) return;
  if (!r.terms.some(t => !t.negative)) {
    status.textContent = "请至少输入一个要查找的词（减号开头的词只用于排除）。";
    return;
  }
  const total = r.ids.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(s.page, pages);
  const shown = r.ids.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const words = r.terms.filter(t => !t.negative).map(t => t.text);
  const records = await Promise.all(shown.map(id => index.record(id)));
  const snippets = await Promise.all(records.map(rec => snippet(rec, words)));
  if (gen !== generation) return;

  if (total === 0) {
    const filtered = index.meta.facets.some(f => s[f.key]);
    status.textContent = `没有找到包含“${s.q}”的文件。` +
      (filtered ? "可以取消部分筛选条件再试。" : "请检查用字，或换一个更短的词再试。");
  } else {
    status.textContent = `找到 ${total} 个文件` + (pages > 1 ? `，第 ${page} / ${pages} 页` : "") + "。";
  }
  records.forEach((rec, i) => list.append(result(rec, snippets[i], words, r.exact.includes(shown[i]))));
  list.start = (page - 1) * PAGE_SIZE + 1;
  renderPager(pager, s, page, pages);
  const counts = await index.counts(r);
  if (gen === generation) renderFilters(filters, s, counts);
}

function marked(pieces) {
  return pieces.map(p => p.mark ? el("mark", { text: p.text }) : document.createTextNode(p.text));
}

// snippet finds the words in the body — the first chunk, then, if need be, the rest —
// or else in the metadata, and returns the pieces to show.
async function snippet(rec, words) {
  const fold = index.fold;
  const found = pieces => pieces.some(p => p.mark);
  let pieces = highlight(rec.x, words, fold);
  if (!found(pieces) && rec.k.length) {
    const more = highlight(await index.rest(rec), words, fold);
    if (found(more)) pieces = more;
  }
  if (!found(pieces)) {
    const m = rec.m.find(v => found(highlight(v, words, fold)));
    if (m) pieces = highlight(m, words, fold);
  }
  return pieces;
}

function result(rec, pieces, words, exact) {
  const title = el("a", { href: rec.u }, ...marked(highlight(rec.t, words, index.fold, 1e9)));
  const meta = el("p", { class: "result-meta" },
    [rec.p, rec.d, rec.g, rec.i, rec.w].filter(Boolean).join(" · "));
  return el("li", { class: "result" },
    el("h2", { class: "result-title" }, title),
    exact ? el("p", { class: "result-exact", text: "索引号或文号完全相符" }) : null,
    meta,
    el("p", { class: "result-snippet" }, ...marked(pieces)));
}

function renderPager(pager, s, page, pages) {
  if (pages <= 1) return;
  pager.replaceChildren(...[
    page > 1 ? el("a", { href: href(s, { page: page - 1 }), rel: "prev", text: "上一页" }) : null,
    el("span", { text: `第 ${page} / ${pages} 页` }),
    page < pages ? el("a", { href: href(s, { page: page + 1 }), rel: "next", text: "下一页" }) : null,
  ].filter(Boolean));
  pager.hidden = false;
}

// A flat facet longer than this (a county has hundreds of schools) shows its
// commonest values, and a button shows the rest.
const FACET_SHOWN = 10;

function renderFilters(box, s, counts) {
  if (!counts) return;
  box.replaceChildren(el("h2", { text: "筛选" }));
  for (const f of index.meta.facets) {
    const c = counts[f.key];
    let items = f.values.map((v, i) => [v, i]).filter(([v, i]) => c.get(i) || v.value === s[f.key]);
    if (!items.length) continue;
    const flat = f.values.every(v => v.parent < 0) && f.key !== "year";
    if (flat) items.sort((a, b) => (c.get(b[1]) ?? 0) - (c.get(a[1]) ?? 0));
    const ul = el("ul");
    if (s[f.key]) ul.append(el("li", {}, el("a", { href: href(s, { [f.key]: "", page: 1 }), text: `全部${f.label}` })));
    const extra = [];
    items.forEach(([v, i], n) => {
      let depth = 0;
      for (let p = v.parent; p >= 0; p = f.values[p].parent) depth++;
      const current = v.value === s[f.key];
      const a = el("a", { href: href(s, { [f.key]: current ? "" : v.value, page: 1 }) },
        el("span", { text: v.label }), el("span", { class: "count", text: `（${c.get(i) ?? 0}）` }));
      if (current) a.setAttribute("aria-current", "true");
      const li = el("li", { class: `depth-${Math.min(depth, 3)}` }, a);
      if (flat && n >= FACET_SHOWN && !current) {
        li.hidden = true;
        extra.push(li);
      }
      ul.append(li);
    });
    const section = el("section", { class: "facet" }, el("h3", { text: f.label }), ul);
    if (extra.length) {
      const more = el("button", { type: "button", class: "facet-more", "aria-expanded": "false", text: `显示全部 ${items.length} 项` });
      more.addEventListener("click", () => {
        const open = more.getAttribute("aria-expanded") !== "true";
        extra.forEach(li => { li.hidden = !open; });
        more.setAttribute("aria-expanded", String(open));
        more.textContent = open ? `只显示前 ${FACET_SHOWN} 项` : `显示全部 ${items.length} 项`;
      });
      section.append(more);
    }
    box.append(section);
  }
  box.hidden = false;
}

// Links and the form change the URL without reloading, so the index stays in memory.
document.addEventListener("click", e => {
  const a = e.target.closest("#search-filters a, #search-pager a");
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  history.pushState(null, "", a.getAttribute("href"));
  run().then(() => $("search-status").focus());
});
document.querySelector(".search-page-form").addEventListener("submit", e => {
  e.preventDefault();
  const s = state();
  history.pushState(null, "", href(s, { q: $("search-q").value, sort: $("search-sort").value, page: 1 }));
  run();
});
window.addEventListener("popstate", run);
$("search-status").tabIndex = -1;
run();
