// The register page (/register/): with JavaScript, filter the table by publisher,
// category, genre and year, and sort it by any column. Without it the table is
// complete as served.
const table = document.getElementById("register-table");
const tools = document.getElementById("register-tools");
const status = document.getElementById("register-status");

if (table && tools) {
  const body = table.tBodies[0];
  const rows = [...body.rows];
  const heads = [...table.tHead.rows[0].cells];
  const filters = heads.filter(th => th.dataset.filter).map(th => {
    const key = th.dataset.filter;
    const label = key === "year" ? "年份" : th.textContent;
    const values = [...new Set(rows.map(r => r.dataset[key]))].sort((a, b) => key === "year" ? b.localeCompare(a) : a.localeCompare(b, "zh-CN"));
    const select = document.createElement("select");
    select.append(new Option(`全部${label}`, ""));
    for (const v of values) select.append(new Option(v, v));
    const l = document.createElement("label");
    l.append(label, select);
    tools.append(l);
    select.addEventListener("change", apply);
    return { key, select };
  });
  tools.hidden = false;

  function apply() {
    let shown = 0;
    for (const r of rows) {
      const ok = filters.every(f => !f.select.value || r.dataset[f.key] === f.select.value);
      r.hidden = !ok;
      if (ok) shown++;
    }
    const filtered = filters.some(f => f.select.value);
    status.textContent = filtered ? `筛选后显示 ${shown} 件，共 ${rows.length} 件。` : "";
  }

  heads.forEach((th, col) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.replaceChildren(button);
    button.addEventListener("click", () => {
      const dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      heads.forEach(h => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", dir);
      const numeric = th.dataset.sort === "number";
      const key = r => r.cells[col].textContent.trim();
      const sorted = [...rows].sort((a, b) => {
        const c = numeric ? key(a) - key(b) : key(a).localeCompare(key(b), "zh-CN");
        return dir === "ascending" ? c : -c;
      });
      body.append(...sorted);
      status.textContent = `已按“${button.textContent}”${dir === "ascending" ? "升序" : "降序"}排列。`;
    });
  });
}
