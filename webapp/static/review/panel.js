// The side panel of the current row: alignment tools (structure.js), its history (who, when, old → new,
// revert) and its comments.
import { api } from "../api.js";
import { renderDiff } from "./diff.js";
import { el, formatTime } from "./dom.js";

export class RowPanel {
  constructor(root, { onRowChanged, announce }) {
    this.root = root;
    this.onRowChanged = onRowChanged;
    this.announce = announce;
    this.node = null;
    this.title = root.querySelector("#panel-title");
    this.history = root.querySelector(".history");
    this.comments = root.querySelector(".comments");
    this.form = root.querySelector(".comment-form");
    this.body = root.querySelector("#comment-body");
    this.message = root.querySelector(".panel-message");
    root.querySelector(".panel-close").addEventListener("click", () => this.close());
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.addComment(); });
    this.body.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); this.addComment(); }
    });
  }

  get isOpen() { return !this.root.hidden; }

  async open(node, focus = "history") {
    this.node = node;
    this.root.hidden = false;
    document.body.dataset.panel = "open";
    this.title.textContent = `Row ${node._row.position + 1}`;
    // On a narrow screen the panel covers the lower half: keep the row above it.
    if (window.matchMedia("(max-width: 900px)").matches) node.scrollIntoView({ block: "start" });
    this.message.textContent = "";
    await Promise.all([this.loadHistory(), this.loadComments()]);
    // The reviewer may have moved on while the panel loaded: then the focus is theirs, not the panel's.
    if (this.node !== node) return;
    if (focus === "comments") this.body.focus();
    else if (focus === "alignment") {
      this.root.querySelector("details.alignment").open = true;
      this.root.querySelector(".align-tools button").focus();
    }
    else if (focus === "history") (this.history.querySelector("button") || this.root.querySelector(".panel-close")).focus();
  }

  close() {
    this.root.hidden = true;
    delete document.body.dataset.panel;
    this.node?.querySelector(".target-input")?.focus();
  }

  rowId() { return this.node.dataset.rowId; }

  async loadHistory() {
    const node = this.node;
    const revisions = await api(`/rows/${this.rowId()}/revisions`);
    if (this.node !== node) return;  // the panel moved to another row meanwhile
    if (!revisions.length) {
      this.history.replaceChildren(el("li", { className: "empty", text: "No changes yet." }));
      return;
    }
    this.history.replaceChildren(...revisions.map((revision) => this.historyItem(revision)));
  }

  historyItem(revision) {
    const change = el("div", { className: "change" });
    if (revision.field === "target") renderDiff(change, revision.old || "", revision.new || "");
    else change.append(el("span", { className: "status-word", text: revision.old }), " → ",
      el("span", { className: "status-word", text: revision.new }));
    return el("li", {},
      el("div", { className: "meta", text: `${revision.author || "someone"} · ${formatTime(revision.created_at)} · ${
        revision.field === "target" ? "text" : "status"}` }),
      change,
      el("button", { type: "button", className: "small secondary",
        "aria-label": `Revert this ${revision.field === "target" ? "text" : "status"} change`,
        onclick: () => this.revert(revision) }, "Revert"));
  }

  async revert(revision) {
    try {
      const row = await api(`/rows/${this.rowId()}/revisions/${revision.id}/revert`, {
        method: "POST", body: { version: Number(this.node.dataset.version) } });
      this.onRowChanged(this.node, row);
      this.announce("Reverted");
      await this.loadHistory();
    } catch (error) {
      this.message.textContent = `Not reverted: ${error.message}`;
    }
  }

  async loadComments() {
    const node = this.node;
    const comments = await api(`/rows/${this.rowId()}/comments`);
    if (this.node !== node) return;
    this.comments.replaceChildren(...comments.map((comment) => this.commentItem(comment)));
    if (!comments.length) this.comments.append(el("li", { className: "empty", text: "No comments." }));
  }

  commentItem(comment) {
    return el("li", { className: comment.resolved ? "comment resolved" : "comment" },
      el("div", { className: "meta", text: `${comment.author} · ${formatTime(comment.created_at)}${
        comment.resolved ? ` · resolved by ${comment.resolved_by}` : ""}` }),
      el("p", { className: "comment-body", text: comment.body }),
      el("div", { className: "comment-actions" },
        el("button", { type: "button", className: "small secondary",
          onclick: () => this.resolve(comment, !comment.resolved) }, comment.resolved ? "Reopen" : "Resolve"),
        el("button", { type: "button", className: "small secondary",
          onclick: () => this.remove(comment) }, "Delete")));
  }

  async changed(action) {
    try {
      await action();
      await this.loadComments();
      this.onRowChanged(this.node, await api(`/rows/${this.rowId()}`));
    } catch (error) {
      this.message.textContent = error.message;
    }
  }

  addComment() {
    const body = this.body.value;
    if (!body.trim()) { this.message.textContent = "Write a comment first."; return; }
    return this.changed(async () => {
      await api(`/rows/${this.rowId()}/comments`, { method: "POST", body: { body } });
      this.body.value = "";
      this.announce("Comment added");
    });
  }

  resolve(comment, resolved) {
    return this.changed(() => api(`/comments/${comment.id}`, { method: "PATCH", body: { resolved } }));
  }

  remove(comment) {
    if (!window.confirm("Delete this comment?")) return;
    return this.changed(() => api(`/comments/${comment.id}`, { method: "DELETE" }));
  }
}
