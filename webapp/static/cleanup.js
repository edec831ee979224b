// The Clean up page: every fix QA proposes for a document, grouped by check, chosen and applied as one step.
import { api, outcome } from "./api.js";
import { el } from "./review/dom.js";
import { compactDiff } from "./review/fixes.js";

const PAGE = 5000;

class Cleanup {
  constructor(root) {
    this.root = root;
    this.documentId = Number(root.dataset.documentId);
    this.form = root.querySelector(".cleanup-filters");
    this.groups = root.querySelector(".cleanup-groups");
    this.status = root.querySelector(".cleanup-status");
    this.error = root.querySelector(".cleanup-error");
    this.progress = root.querySelector(".cleanup-progress");
    this.applyButton = root.querySelector(".apply-selected");
    this.undoButton = root.querySelector(".undo-cleanup");
    this.form.addEventListener("change", () => this.load());
    this.applyButton.addEventListener("click", () => this.apply());
    this.undoButton.addEventListener("click", () => this.undo());
    this.groups.addEventListener("click", (event) => this.groupClicked(event));
    this.groups.addEventListener("change", () => this.count());
    this.load();
  }

  query(offset) {
    const data = new FormData(this.form);
    const params = new URLSearchParams({ offset, limit: PAGE });
    for (const name of ["check", "kind"]) if (data.get(name)) params.append(name, data.get(name));
    return `/documents/${this.documentId}/fixes?${params}`;
  }

  async load() {
    this.error.textContent = "";
    this.status.textContent = "Loading the fixes…";
    try {
      const found = [];
      let page;
      do {
        page = await api(this.query(found.length));
        found.push(...page.fixes);
      } while (found.length < page.total && page.fixes.length);
      this.render(found);
    } catch (error) {
      this.error.textContent = `The fixes could not be listed: ${error.message}`;
    }
  }

  render(found) {
    const byCheck = new Map();
    for (const fix of found) {
      if (!byCheck.has(fix.check_id)) byCheck.set(fix.check_id, []);
      byCheck.get(fix.check_id).push(fix);
    }
    this.groups.replaceChildren(...[...byCheck].map(([checkId, fixes]) => {
      const headingId = `group-${checkId}`;
      return el("section", { className: "cleanup-group", dataset: { check: checkId }, "aria-labelledby": headingId },
        el("h2", { id: headingId, text: `${fixes[0].title || checkId} (${fixes.length})` }),
        el("p", { className: "group-tools" },
          el("button", { type: "button", className: "secondary", dataset: { select: "all" }, text: "Select all" }),
          el("button", { type: "button", className: "secondary", dataset: { select: "none" }, text: "Select none" })),
        el("ol", { className: "cleanup-list" }, ...fixes.map((fix) => this.item(fix))));
    }));
    this.count();
  }

  item(fix) {
    const box = el("input", { type: "checkbox", checked: fix.kind === "safe", dataset: {
      findingId: fix.finding_id, rowId: fix.row_id, version: fix.version } });
    const diff = el("span", { className: "fix-diff" });
    compactDiff(diff, fix.before, fix.after);
    return el("li", { className: `cleanup-item fix-${fix.kind}` },
      el("label", {}, box, el("span", { className: "cleanup-row", text: `Row ${fix.row}` }),
        el("span", { className: "fix-kind", text: fix.kind }), diff));
  }

  boxes() {
    return [...this.groups.querySelectorAll("input[type=checkbox]")];
  }

  count() {
    const all = this.boxes();
    const chosen = all.filter((box) => box.checked).length;
    this.status.textContent = all.length
      ? `${chosen.toLocaleString()} of ${all.length.toLocaleString()} fixes selected` : "No fix to propose.";
    this.applyButton.disabled = chosen === 0;
  }

  groupClicked(event) {
    const button = event.target.closest("button[data-select]");
    if (!button) return;
    const group = button.closest(".cleanup-group");
    for (const box of group.querySelectorAll("input[type=checkbox]")) box.checked = button.dataset.select === "all";
    this.count();
  }

  show(text) {
    this.status.textContent = text;
    const percent = /(\d+)%/.exec(text);
    this.progress.hidden = !percent;
    if (percent) this.progress.value = Number(percent[1]) / 100;
  }

  async apply() {
    const chosen = this.boxes().filter((box) => box.checked).map((box) => ({
      finding_id: Number(box.dataset.findingId), row_id: Number(box.dataset.rowId),
      version: Number(box.dataset.version) }));
    if (!chosen.length) return;
    this.applyButton.disabled = true;
    this.error.textContent = "";
    try {
      const answer = await api(`/documents/${this.documentId}/fixes/apply`, { method: "POST", body: { fixes: chosen } });
      const result = await outcome(answer, (text) => this.show(text), "Applying");
      const done = result.job ? result.job.result : result;
      this.progress.hidden = true;
      this.operationId = done.operation_id;
      this.undoButton.hidden = !done.operation_id;
      await this.load();
      const skipped = done.skipped.map((item) => `row ${item.row ?? "?"}: ${item.reason}`);
      this.status.textContent = `Applied: ${done.rows} row${done.rows === 1 ? "" : "s"} changed.`
        + (skipped.length ? ` Skipped ${skipped.length}: ${skipped.join("; ")}.` : "");
    } catch (error) {
      this.error.textContent = `Nothing was applied: ${error.message}`;
      this.applyButton.disabled = false;
    }
  }

  async undo() {
    this.undoButton.hidden = true;
    try {
      const answer = await api(`/operations/${this.operationId}/undo`, { method: "POST" });
      await outcome(answer, (text) => this.show(text), "Undoing");
      this.progress.hidden = true;
      await this.load();
      this.status.textContent = "Undone: the rows are as they were.";
    } catch (error) {
      this.error.textContent = `Not undone: ${error.message}`;
      this.undoButton.hidden = false;
    }
  }
}

const root = document.querySelector(".cleanup");
if (root) window.cleanupPage = new Cleanup(root);
