// The windowed list: rows live in chunks; only chunks near the viewport hold DOM nodes, the others are
// empty placeholders of the right (or estimated) height. Rows come from the JSON API chunk by chunk.
import { el } from "./dom.js";

const CHUNK = 50;
const ROW_ESTIMATE = 72;

export class RowList {
  // fetchRows(start, count) -> rows of the view from index `start`; render(row) -> node; canUnload(node).
  constructor(container, { fetchRows, render, canUnload }) {
    Object.assign(this, { container, fetchRows, render, canUnload });
    this.chunks = [];
    this.total = 0;
    this.near = new IntersectionObserver((entries) => this.onNear(entries), { rootMargin: "1200px 0px" });
    this.far = new IntersectionObserver((entries) => this.onFar(entries), { rootMargin: "5000px 0px" });
  }

  // Show a new view of `total` rows; `first` (optional) is the rows of chunk 0, already fetched.
  reset(total, first) {
    this.near.disconnect();
    this.far.disconnect();
    this.total = total;
    this.generation = (this.generation || 0) + 1;
    this.chunks = Array.from({ length: Math.ceil(total / CHUNK) }, (_, k) => ({
      node: el("div", { className: "chunk", dataset: { chunk: k } }), state: "empty", promise: null,
      size: Math.min(CHUNK, total - k * CHUNK),
    }));
    for (const chunk of this.chunks) chunk.node.style.height = `${chunk.size * ROW_ESTIMATE}px`;
    this.container.replaceChildren(...this.chunks.map((chunk) => chunk.node));
    if (first && this.chunks.length) this.fill(0, first, null);
    for (const chunk of this.chunks) {
      this.near.observe(chunk.node);
      this.far.observe(chunk.node);
    }
  }

  onNear(entries) {
    for (const entry of entries) if (entry.isIntersecting) this.load(Number(entry.target.dataset.chunk));
  }

  onFar(entries) {
    for (const entry of entries) if (!entry.isIntersecting) this.unload(Number(entry.target.dataset.chunk));
  }

  load(k) {
    const chunk = this.chunks[k];
    if (!chunk) return Promise.resolve();
    if (chunk.state === "loaded") return Promise.resolve();
    if (chunk.promise) return chunk.promise;
    const generation = this.generation;
    const start = k * CHUNK;
    // One row before the chunk tells whether its first paragraph continues from the chunk above.
    const from = Math.max(0, start - 1);
    chunk.promise = this.fetchRows(from, start - from + chunk.size).then((rows) => {
      if (generation !== this.generation) return;
      const before = start > from ? rows.shift() : null;
      this.fill(k, rows, before);
    }).finally(() => { chunk.promise = null; });
    return chunk.promise;
  }

  fill(k, rows, before) {
    const chunk = this.chunks[k];
    const sections = [];
    let previous = before ? before.paragraph : null;
    rows.forEach((row, i) => {
      row.index = k * CHUNK + i;
      if (row.paragraph !== previous || !sections.length) {
        const continued = row.paragraph === previous;
        sections.push(el("section", { className: "paragraph", "aria-label": `Paragraph ${row.paragraph + 1}`,
          dataset: { paragraph: row.paragraph, continued: continued ? "true" : undefined } },
        continued ? null : el("div", { className: "para-label", "aria-hidden": "true", text: `¶ ${row.paragraph + 1}` })));
        previous = row.paragraph;
      }
      sections[sections.length - 1].append(this.render(row));
    });
    chunk.node.replaceChildren(...sections);
    chunk.node.style.height = "";
    chunk.state = "loaded";
  }

  unload(k) {
    const chunk = this.chunks[k];
    if (!chunk || chunk.state !== "loaded") return;
    const rows = [...chunk.node.querySelectorAll(".row")];
    if (rows.some((row) => !this.canUnload(row))) return;
    chunk.node.style.height = `${chunk.node.offsetHeight}px`;
    chunk.node.replaceChildren();
    chunk.state = "empty";
  }

  rowAt(index) {
    return this.container.querySelector(`.row[data-index="${index}"]`);
  }

  async ensure(index) {
    if (index < 0 || index >= this.total) return null;
    await this.load(Math.floor(index / CHUNK));
    return this.rowAt(index);
  }

  loadedRows() {
    return [...this.container.querySelectorAll(".row")];
  }
}
