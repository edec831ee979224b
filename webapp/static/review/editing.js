// Saving rows: debounced autosave while typing, a save on blur, explicit status changes; every save carries
// the row's version, and a 409 shows both texts so the reviewer chooses. Nothing is overwritten silently.
import { api } from "../api.js";
import { el, formatTime, grow } from "./dom.js";
import { refreshDiff, updateRow } from "./rows.js";
import { appendTagged } from "./tags.js";

const DEBOUNCE_MS = 800;

export class Editor {
  constructor({ announce, onSaved }) {
    this.announce = announce;
    this.onSaved = onSaved;
    this.states = new Map();
  }

  state(node) {
    const id = node.dataset.rowId;
    if (!this.states.has(id)) {
      this.states.set(id, { saved: node._row.target, timer: null, chain: Promise.resolve(), busy: false,
        conflict: null, pendingStatus: null });
    }
    return this.states.get(id);
  }

  attach(node) {
    const field = node.querySelector(".target-input");
    const state = this.state(node);
    state.saved = node._row.target;
    field.addEventListener("input", () => {
      grow(field);
      refreshDiff(node);
      this.schedule(node);
    });
    field.addEventListener("blur", () => this.save(node));
  }

  // True while the row has text not yet saved, a save under way, or an open conflict.
  dirty(node) {
    const state = this.states.get(node.dataset.rowId);
    if (!state) return false;
    return Boolean(state.timer || state.busy || state.conflict)
      || node.querySelector(".target-input").value !== state.saved;
  }

  pending() {
    return [...this.states.values()].some((state) => state.timer || state.busy || state.conflict);
  }

  schedule(node) {
    const state = this.state(node);
    clearTimeout(state.timer);
    state.timer = setTimeout(() => this.save(node), DEBOUNCE_MS);
  }

  // Save the field (and `status`, if given); resolves to true when the row is saved.
  save(node, status = null) {
    const state = this.state(node);
    clearTimeout(state.timer);
    state.timer = null;
    state.chain = state.chain.then(() => this.send(node, status));
    return state.chain;
  }

  async send(node, status) {
    const state = this.state(node);
    if (state.conflict) return false;
    const field = node.querySelector(".target-input");
    const body = { version: Number(node.dataset.version) };
    if (field.value !== state.saved) body.target = field.value;
    if (status && status !== node._row.status) body.status = status;
    if (!("target" in body) && !("status" in body)) return true;
    state.busy = true;
    node.dataset.save = "saving";
    this.announce("Saving…");
    try {
      const row = await api(`/rows/${node.dataset.rowId}`, { method: "PATCH", body });
      state.saved = row.target;
      updateRow(node, row, { keepText: true });
      delete node.dataset.save;
      this.announce("All changes saved");
      this.onSaved(node, row);
      return true;
    } catch (error) {
      if (error.status === 409 && error.body?.current) this.showConflict(node, error.body.current, status);
      else {
        node.dataset.save = "failed";
        this.announce(`Row ${node._row.position + 1} not saved: ${error.message}`);
      }
      return false;
    } finally {
      state.busy = false;
    }
  }

  showConflict(node, current, status) {
    const state = this.state(node);
    state.conflict = current;
    state.pendingStatus = status;
    node.dataset.save = "conflict";
    const mine = node.querySelector(".target-input").value;
    const who = current.updated_by || "someone else";
    const box = node.querySelector(".conflict");
    box.replaceChildren(
      el("p", { className: "conflict-title",
        text: `${who} saved this row at ${formatTime(current.updated_at)} while you were editing. Keep which text?` }),
      el("div", { className: "conflict-versions" },
        el("div", { className: "version" }, el("h3", { text: "Their version" }),
          appendTagged(el("p", { className: "theirs" }), current.target, node._row.tags)),
        el("div", { className: "version" }, el("h3", { text: "Your version" }),
          appendTagged(el("p", { className: "mine" }), mine, node._row.tags))),
      el("div", { className: "conflict-actions" },
        el("button", { type: "button", onclick: () => this.keepMine(node) }, "Keep mine"),
        el("button", { type: "button", className: "secondary", onclick: () => this.takeTheirs(node) },
          "Take theirs")));
    box.hidden = false;
    this.announce(`Row ${node._row.position + 1} was changed by ${who}: choose a version`);
  }

  closeConflict(node) {
    const state = this.state(node);
    const current = state.conflict;
    state.conflict = null;
    node.querySelector(".conflict").hidden = true;
    delete node.dataset.save;
    return current;
  }

  keepMine(node) {
    const current = this.closeConflict(node);
    const state = this.state(node);
    node.dataset.version = current.version;
    node._row = { ...node._row, status: current.status };
    state.saved = current.target;
    node.querySelector(".target-input").focus();
    return this.save(node, state.pendingStatus);
  }

  takeTheirs(node) {
    const current = this.closeConflict(node);
    this.state(node).saved = current.target;
    updateRow(node, { ...node._row, ...current });
    node.querySelector(".target-input").focus();
    this.announce("Their version kept");
  }
}
