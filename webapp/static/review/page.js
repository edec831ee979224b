// The review page: wires the windowed list, saving, the row panel, filters, find & replace and the keys.
import { api, outcome } from "../api.js";
import { Editor } from "./editing.js";
import { addToDictionary, applyFixes, defaultChoices } from "./fixes.js";
import { bindKeys } from "./keys.js";
import { RowList } from "./list.js";
import { RowPanel } from "./panel.js";
import { ResegmentDialog } from "./resegment.js";
import { refreshDiff, renderRow, updateRow } from "./rows.js";
import { Filters, ReplaceDialog, filterFromForm, isEmpty, queryString } from "./search.js";
import { STRUCTURAL, Structure } from "./structure.js";
import { insertNextTag } from "./tags.js";
import { FixDialog, TermTip, insertTerm } from "./terms.js";
import { Toast } from "./toast.js";

export class ReviewPage {
  constructor(root) {
    const data = root.dataset;
    this.documentId = Number(data.documentId);
    this.projectId = Number(data.projectId);
    this.ctx = { srcLang: data.srcLang, tgtLang: data.tgtLang };
    this.saveState = document.querySelector(".save-state");
    this.countText = document.querySelector(".view-count");
    this.toast = new Toast(document.querySelector(".toast"));
    this.view = { filter: null, ids: null, total: Number(data.total) };
    this.editor = new Editor({ announce: (text) => this.announce(text), onSaved: (node, row) => this.saved(node, row) });
    this.list = new RowList(root.querySelector(".rows"), {
      fetchRows: (start, count) => this.fetchRows(start, count),
      render: (row) => this.render(row),
      canUnload: (node) => !this.editor.dirty(node) && !node.contains(document.activeElement),
    });
    this.panel = new RowPanel(document.querySelector(".row-panel"), {
      onRowChanged: (node, row) => this.rowChanged(node, row), announce: (text) => this.announce(text) });
    this.filters = new Filters(document.querySelector(".filters"), { onApply: (filter) => this.setFilter(filter) });
    this.replace = new ReplaceDialog(document.querySelector("#replace-dialog"), {
      documentId: this.documentId, currentFilter: () => this.view.filter || filterFromForm(this.filters.form),
      onApplied: (result) => this.operationDone(result, "Replaced") });
    this.structure = new Structure(this, document.querySelector(".row-panel"));
    this.fix = new FixDialog(document.querySelector("#fix-dialog"), { documentId: this.documentId,
      beforeOpen: () => this.editorBusy(), onApplied: (result) => this.termsFixed(result) });
    this.resegment = new ResegmentDialog(document.querySelector("#resegment-dialog"), {
      documentId: this.documentId, beforeOpen: () => this.editorBusy(), onApplied: (result) => this.resegmented(result) });
    this.termTip = new TermTip(document.querySelector("#term-tip"), root);
    this.diffToggle = document.querySelector("#diff-all");
    this.diffToggle.addEventListener("change", () => this.showAllDiffs(this.diffToggle.checked));
    root.addEventListener("click", (event) => this.toolClicked(event));
    root.addEventListener("focusin", (event) => this.focused(event));
    document.querySelector("[data-action=help]").addEventListener("click", () => this.actions().help());
    document.querySelector("[data-action=replace]").addEventListener("click", () => this.replace.open());
    document.querySelector("[data-action=fix-forbidden]").addEventListener("click", () => this.fix.open());
    document.querySelector("[data-action=resegment]").addEventListener("click", () => this.resegment.open());
    window.addEventListener("beforeunload", (event) => { if (this.editor.pending()) event.preventDefault(); });
    bindKeys(this.actions());
    this.list.reset(this.view.total, JSON.parse(data.firstRows || "[]"));
    this.showCount();
  }

  announce(text) { this.saveState.textContent = text; }

  async fetchRows(start, count) {
    const base = `/documents/${this.documentId}/rows`;
    if (!this.view.filter) return (await api(`${base}?offset=${start}&limit=${count}`)).rows;
    const ids = this.view.ids.slice(start, start + count);
    return (await api(`${base}?ids=${ids.join(",")}`)).rows;
  }

  render(row) {
    const node = renderRow(row, this.ctx);
    this.editor.attach(node);
    if (document.body.dataset.diffs === "on") refreshDiff(node);
    return node;
  }

  async setFilter(filter) {
    if (await this.editorBusy()) return;
    if (isEmpty(filter)) {
      const counts = await api(`/documents/${this.documentId}/statuses`);
      this.view = { filter: null, ids: null, total: counts.total };
    } else {
      const found = await api(`/documents/${this.documentId}/search?${queryString(filter)}`);
      this.view = { filter, ids: found.ids, total: found.total };
    }
    this.list.reset(this.view.total);
    this.showCount();
    window.scrollTo({ top: 0 });
  }

  async editorBusy() {
    for (const node of this.list.loadedRows()) if (this.editor.dirty(node)) await this.editor.save(node);
    return this.editor.pending();
  }

  async showCount() {
    const counts = await api(`/documents/${this.documentId}/statuses`);
    const all = counts.total.toLocaleString();
    this.countText.textContent = this.view.filter
      ? `Showing ${this.view.total.toLocaleString()} of ${all} rows` : `All ${all} rows`;
    const progress = document.querySelector(".doc-progress progress");
    progress.max = counts.total || 1;
    progress.value = counts.confirmed;
    document.querySelector(".doc-progress .progress-text").textContent =
      `${counts.confirmed.toLocaleString()} / ${all} confirmed · ${counts.flagged} flagged`;
  }

  saved(node, row) {
    if (this.panel.isOpen && this.panel.node === node) this.panel.loadHistory();
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => this.showCount(), 400);
  }

  rowChanged(node, row) {
    this.editor.state(node).saved = row.target;
    updateRow(node, row);
    this.saved(node, row);
  }

  current() {
    const active = document.activeElement?.closest?.(".row");
    return active || this.list.container.querySelector(".row[data-current]") || this.list.loadedRows()[0] || null;
  }

  focused(event) {
    const node = event.target.closest(".row");
    if (!node || node.dataset.current) return;
    this.list.container.querySelector(".row[data-current]")?.removeAttribute("data-current");
    node.dataset.current = "true";
    // The open panel follows the current row without taking the focus away from it.
    if (this.panel.isOpen && this.panel.node !== node) this.panel.open(node, null).catch(() => {});
  }

  async go(index) {
    const node = await this.list.ensure(index);
    if (!node) return null;
    node.scrollIntoView({ block: "center" });
    node.querySelector(".target-input").focus();
    return node;
  }

  async step(delta) {
    const node = this.current();
    if (node) await this.go(Number(node.dataset.index) + delta);
  }

  // The index of the first unconfirmed row after `index` in the view (wrapping round), or null.
  async nextUnconfirmedIndex(index) {
    for (let i = index + 1; i < this.view.total; i++) {
      const node = this.list.rowAt(i);
      if (!node) break;
      if (!node.classList.contains("status-confirmed")) return i;
    }
    if (!this.view.ids) this.view.ids = (await api(`/documents/${this.documentId}/search`)).ids;
    const base = this.view.filter || { status: [] };
    const wanted = ["new", "edited", "flagged"].filter((s) => !base.status.length || base.status.includes(s));
    if (!wanted.length) return null;
    const found = await api(`/documents/${this.documentId}/search?${queryString({ ...base, status: wanted })}`);
    const open = new Set(found.ids);
    const order = [...this.view.ids.keys()].slice(index + 1).concat([...this.view.ids.keys()].slice(0, index));
    const hit = order.find((i) => open.has(this.view.ids[i]));
    return hit === undefined ? null : hit;
  }

  async confirm(node) {
    if (!(await this.editor.save(node, "confirmed"))) return;
    const next = await this.nextUnconfirmedIndex(Number(node.dataset.index));
    if (next === null) this.announce("All rows are confirmed");
    else await this.go(next);
    this.offerRepetitions(node);
  }

  async offerRepetitions(node) {
    const row = node._row;
    const others = (await api(`/rows/${row.id}/repetitions`))
      .filter((other) => other.status !== "confirmed" || other.target !== row.target);
    if (!others.length) return;
    const count = others.length;
    this.toast.show(`This MT sentence occurs ${count} more time${count === 1 ? "" : "s"}. Use the same correction?`,
      { label: `Apply to ${count} (Alt+A)`, run: async () => {
        const result = await api(`/rows/${row.id}/repetitions`, { method: "POST",
          body: { rows: others.map((other) => ({ id: other.id, version: other.version })) } });
        this.operationDone(result, "Applied to repetitions");
      } }, "applyRepetitions");
  }

  async operationDone(result, verb) {
    let operation = result.operation;
    if (result.job) {
      operation = { id: result.job.result.operation_id, rows: result.job.result.rows };
      await this.reloadAfterJob();
    } else this.applyRows(result.rows);
    this.toast.show(`${verb}: ${operation.rows} row${operation.rows === 1 ? "" : "s"} changed.`,
      { label: "Undo (Alt+U)", run: () => this.undo(operation.id) }, "undo");
    this.showCount();
  }

  async undo(operationId) {
    await this.editorBusy();
    try {
      const result = await outcome(await api(`/operations/${operationId}/undo`, { method: "POST" }),
        (text) => this.toast.show(text), "Undoing");
      const count = result.job ? result.job.result.rows : result.rows.length;
      if (result.job) await this.reloadAfterJob();
      // Undoing a structural edit brings rows back that may not be on the page: rebuild it around them.
      else if (STRUCTURAL.has(result.operation.kind)) await this.reloadAround(result.rows[0]?.id, this.currentIndex());
      else this.applyRows(result.rows);
      this.toast.show(`Undone: ${count} row${count === 1 ? "" : "s"} restored.`);
      this.showCount();
    } catch (error) {
      this.toast.show(`Not undone: ${error.message}`);
    }
  }

  // Rows shifted (split, join, move…): rebuild the view, re-running its filter, and focus row `rowId` (or
  // the row now at `fallback` when the filter no longer shows it); resolves to the focused row.
  async reloadAround(rowId, fallback = 0) {
    if (this.view.filter) {
      const found = await api(`/documents/${this.documentId}/search?${queryString(this.view.filter)}`);
      this.view = { filter: this.view.filter, ids: found.ids, total: found.total };
    } else {
      const counts = await api(`/documents/${this.documentId}/statuses`);
      this.view = { filter: null, ids: null, total: counts.total };
    }
    let index = fallback;
    if (this.view.filter) index = this.view.ids.includes(rowId) ? this.view.ids.indexOf(rowId) : fallback;
    else if (rowId !== undefined) index = (await api(`/rows/${rowId}`)).position;
    this.list.reset(this.view.total);
    this.showCount();
    return this.go(Math.max(0, Math.min(index, this.view.total - 1)));
  }

  currentIndex() {
    return Number(this.current()?.dataset.index || 0);
  }

  async termsFixed(result) {
    let count, operationId;
    if (result.job) {
      ({ rows: count, operation_id: operationId } = result.job.result);
      await this.reloadAfterJob();
    } else {
      const ids = result.rows.map((row) => row.id);
      const loaded = ids.filter((id) => this.list.container.querySelector(`.row[data-row-id="${id}"]`));
      this.applyRows(loaded.length ? (await api(`/documents/${this.documentId}/rows?ids=${loaded.join(",")}`)).rows : []);
      [count, operationId] = [ids.length, result.operation_id];
    }
    this.toast.show(`Fixed forbidden variants: ${count} row${count === 1 ? "" : "s"} changed.`,
      { label: "Undo (Alt+U)", run: () => this.undo(operationId) }, "undo");
    this.showCount();
  }

  async resegmented(result) {
    await this.reloadAround(undefined, this.currentIndex());
    const skipped = result.skipped.length ? ` ${result.skipped.length} left as they were.` : "";
    const [before, after] = [result.changed_rows.length, result.new_rows];
    this.toast.show(`Re-segmented: ${before} row${before === 1 ? "" : "s"} became ${after}.${skipped}`,
      { label: "Undo (Alt+U)", run: () => this.undo(result.operation_id) }, "undo");
  }

  // A background job changed many rows: save what is being typed (or show its conflict), rebuild the view.
  async reloadAfterJob() {
    await this.editorBusy();
    await this.reloadAround(undefined, this.currentIndex());
  }

  applyRows(rows) {
    for (const row of rows) {
      const node = this.list.container.querySelector(`.row[data-row-id="${row.id}"]`);
      if (node) this.rowChanged(node, row);
    }
  }

  toggleFlag(node) {
    const flagged = node._row.status === "flagged";
    return this.editor.save(node, flagged ? (node._row.edited ? "edited" : "new") : "flagged");
  }

  showAllDiffs(on) {
    this.diffToggle.checked = on;
    if (on) document.body.dataset.diffs = "on";
    else delete document.body.dataset.diffs;
    for (const node of this.list.loadedRows()) refreshDiff(node);
  }

  toggleDiff(node) {
    if (node.dataset.diff === "on") delete node.dataset.diff;
    else node.dataset.diff = "on";
    refreshDiff(node);
  }

  copyMt(node) {
    const field = node.querySelector(".target-input");
    field.value = node._row.mt;
    field.dispatchEvent(new Event("input"));
  }

  toolClicked(event) {
    const button = event.target.closest("button[data-action]");
    const node = button?.closest(".row");
    if (!node) return;
    const run = {
      confirm: () => this.confirm(node), flag: () => this.toggleFlag(node), diff: () => this.toggleDiff(node),
      history: () => this.panel.open(node), comments: () => this.panel.open(node, "comments"),
      split: () => this.structure.split(node), join: () => this.structure.join(node),
      alignment: () => this.panel.open(node, "alignment"),
      "apply-fix": () => applyFixes(this, node, [{ finding_id: Number(button.dataset.findingId),
        index: Number(button.dataset.index) }]),
      "add-word": () => addToDictionary(this, button.dataset.word),
    }[button.dataset.action];
    run?.();
  }

  actions() {
    const withRow = (fn) => () => { const node = this.current(); if (node) fn(node); };
    const help = document.querySelector("#help-dialog");
    return {
      confirm: (event) => this.confirm(event.target.closest(".row")),
      next: () => this.step(1), previous: () => this.step(-1),
      nextUnconfirmed: withRow(async (node) => {
        const next = await this.nextUnconfirmedIndex(Number(node.dataset.index));
        if (next !== null) this.go(next);
      }),
      flag: withRow((node) => this.toggleFlag(node)), diff: withRow((node) => this.toggleDiff(node)),
      diffAll: () => this.showAllDiffs(!this.diffToggle.checked),
      history: withRow((node) => this.panel.open(node)),
      comments: withRow((node) => this.panel.open(node, "comments")),
      copyMt: withRow((node) => this.copyMt(node)),
      split: withRow((node) => this.structure.split(node)), join: withRow((node) => this.structure.join(node)),
      moveSourceUp: withRow((node) => this.structure.move(node, "source", "previous")),
      moveSourceDown: withRow((node) => this.structure.move(node, "source", "next")),
      alignment: withRow((node) => this.panel.open(node, "alignment")),
      applyFixes: withRow((node) => applyFixes(this, node, defaultChoices(node._row))),
      insertTag: withRow((node) => this.announce(insertNextTag(node))),
      insertTerm: withRow((node) => { if (!insertTerm(node)) this.announce("No glossary term to insert in this row"); }),
      replace: () => this.replace.open(), filter: () => this.filters.focus(),
      undo: () => this.toast.run("undo"), applyRepetitions: () => this.toast.run("applyRepetitions"),
      help: () => { if (!help.open) help.showModal(); },
      escape: () => {
        if (this.panel.isOpen) this.panel.close();
        else if (this.toast.visible) this.toast.hide();
        else return false;
      },
    };
  }
}

export function start() {
  const root = document.querySelector(".review");
  if (root) window.reviewPage = new ReviewPage(root);
}
