// Concordance page: results follow the search box as you type (the form still works without this script).
import { api } from "./api.js";
import { appendTagged } from "./review/tags.js";

const form = document.querySelector(".concordance-form");
const results = document.querySelector(".concordance-results");
let timer = null;
let asked = 0;

function cell(className, ...children) {
  const td = document.createElement("td");
  td.className = className;
  td.append(...children);
  return td;
}

function hitRow(hit) {
  const tr = document.createElement("tr");
  tr.className = "hit";
  tr.dataset.entryId = hit.id;
  const mark = document.createElement("mark");
  mark.textContent = hit.match;
  const from = document.createElement(hit.document_id ? "a" : "span");
  if (hit.document_id) from.href = `/documents/${hit.document_id}#t${hit.link_id}`;
  from.textContent = hit.document_id
    ? `${hit.document_title}${hit.position === null ? "" : `, row ${hit.position + 1}`}` : hit.origin;
  tr.append(cell("kwic-before", `${hit.clipped_before ? "…" : ""}${hit.before}`), cell("kwic-match", mark),
    cell("kwic-after", `${hit.after}${hit.clipped_after ? "…" : ""}`),
    cell("other", appendTagged(document.createElement("span"), hit.side === "target" ? hit.source || hit.mt : hit.target)),
    cell("from", from));
  return tr;
}

function render(query, found) {
  const count = document.createElement("p");
  count.className = "hits-count";
  count.textContent = `${found.total} use${found.total === 1 ? "" : "s"} of “${query}”`;
  if (!found.hits.length) return results.replaceChildren(count);
  const table = document.createElement("table");
  table.className = "concordance";
  table.innerHTML = "<thead><tr><th scope=col class=kwic-before>Before</th><th scope=col>Match</th>"
    + "<th scope=col class=kwic-after>After</th><th scope=col>Other side</th><th scope=col>From</th></tr></thead>";
  const body = document.createElement("tbody");
  body.append(...found.hits.map(hitRow));
  table.append(body);
  results.replaceChildren(count, table);
}

async function search() {
  const data = new FormData(form);
  const query = String(data.get("q") || "").trim();
  if (!query) return;
  const params = new URLSearchParams({ q: query });
  if (data.get("side")) params.set("side", data.get("side"));
  if (data.get("project")) params.set("project", data.get("project"));
  const mine = ++asked;
  try {
    const found = await api(`/memory/concordance?${params}`);
    if (mine !== asked) return;
    render(query, found);
    history.replaceState(null, "", `?${params}`);
  } catch (error) {
    if (mine === asked) results.replaceChildren(Object.assign(document.createElement("p"),
      { className: "flash flash-error", role: "alert", textContent: error.message }));
  }
}

if (form) {
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 300); });
}
