// Structural edits of the grid: split a row at the cursor, join it with the next, move or detach sentences,
// split a link. Each one saves pending edits first, then rebuilds the list around the row (positions shift)
// and offers undo; the server refuses stale or unsafe edits with a message, which is shown.
import { api } from "../api.js";

export const STRUCTURAL = new Set(["split", "merge", "move", "detach", "split_link", "resegment"]);

// The cursor of a field as a code-point offset: the server counts code points, the field UTF-16 units.
function cursor(field) {
  return Array.from(field.value.slice(0, field.selectionStart)).length;
}

export class Structure {
  // page: the ReviewPage (documentId, editorBusy, reloadAround, undo, toast, panel, announce).
  constructor(page, panelRoot) {
    this.page = page;
    panelRoot.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-structure]");
      if (button && page.panel.node) this.fromPanel(button.dataset);
    });
    this.splitForm = panelRoot.querySelector(".split-link-form");
    this.splitForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(this.splitForm);
      this.splitLink(page.panel.node, Number(data.get("source_count")), Number(data.get("mt_count")), true);
    });
  }

  fromPanel({ structure, side, direction, which }) {
    const node = this.page.panel.node;
    if (structure === "move") return this.move(node, side, direction, true);
    return this.detach(node, side, which, true);
  }

  split(node) {
    const offset = cursor(node.querySelector(".target-input"));
    return this.run(node, `Split row ${this.number(node)}`, (row) => this.post(row, "split", { offset }));
  }

  join(node) {
    const n = this.number(node);
    return this.run(node, `Joined rows ${n} and ${n + 1}`, async (row) => {
      const next = await this.neighbour(row, 1);
      return this.post(row, "merge-next", { next_version: next.version });
    });
  }

  move(node, side, direction, inPanel = false) {
    const which = direction === "previous" ? "first" : "last";
    const verb = `Moved the ${which} ${side === "mt" ? "MT" : "source"} sentence to the ${direction} row`;
    return this.run(node, verb, async (row) => {
      const other = await this.neighbour(row, direction === "previous" ? -1 : 1);
      return this.post(row, "move", { neighbour_version: other.version, side, direction });
    }, inPanel);
  }

  detach(node, side, which, inPanel = false) {
    const verb = side === "mt" ? `Marked the ${which} MT sentence as added in MT`
      : `Marked the ${which} source sentence as missing in MT`;
    return this.run(node, verb, (row) => this.post(row, "detach", { side, which }), inPanel);
  }

  splitLink(node, sourceCount, mtCount, inPanel = false) {
    return this.run(node, `Split the link of row ${this.number(node)}`,
      (row) => this.post(row, "split-link", { source_count: sourceCount, mt_count: mtCount }), inPanel);
  }

  number(node) { return node._row.position + 1; }

  post(row, action, body) {
    return api(`/rows/${row.id}/${action}`, { method: "POST", body: { version: row.version, ...body } });
  }

  // The row next to `row` in the document (not in the filtered view): its version goes with the edit.
  async neighbour(row, step) {
    const position = row.position + step;
    const found = position < 0 ? [] : (await api(
      `/documents/${this.page.documentId}/rows?offset=${position}&limit=1`)).rows;
    if (!found.length) throw new Error(`there is no ${step < 0 ? "previous" : "next"} row`);
    return found[0];
  }

  // Save pending edits, send the edit, rebuild the list around the row, offer undo.
  async run(node, verb, request, inPanel = false) {
    if (!node) return;
    const page = this.page;
    if (await page.editorBusy()) {
      page.toast.show("A row is not saved yet (see its message); save it before changing the rows.");
      return;
    }
    const row = { ...node._row, version: Number(node.dataset.version) };
    const index = Number(node.dataset.index);
    let result;
    try {
      result = await request(row);
    } catch (error) {
      page.toast.show(`Not changed: ${error.message}`);
      page.announce(`Not changed: ${error.message}`);
      // Someone changed these rows meanwhile: show them as they are now, so a retry carries their versions.
      if (error.status === 409) await page.reloadAround(row.id, index).catch(() => {});
      return;
    }
    // Stay on the row when it is still there (a sentence moved away from it), else on the first result.
    const target = result.rows.some((each) => each.id === row.id) ? row.id : result.rows[0]?.id;
    page.toast.show(`${verb}.`, { label: "Undo (Alt+U)", run: () => page.undo(result.operation.id) }, "undo");
    page.announce(`${verb}.`);
    const moved = await page.reloadAround(target ?? row.id, index);
    if (inPanel && moved) await page.panel.open(moved, "alignment");
  }
}
