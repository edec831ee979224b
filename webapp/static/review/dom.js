// Small DOM helpers: elements are built with textContent, never from HTML strings.
import { appendTagged } from "./tags.js";

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else if (key === "dataset") {
      for (const [name, item] of Object.entries(value)) if (item !== undefined) node.dataset[name] = item;
    }
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

export function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleString(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
  });
}

export function grow(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${textarea.scrollHeight + 2}px`;
}

// One highlight; a glossary term carries its approved translation and takes the focus (its tooltip shows).
export function markNode(mark, text, labels = null) {
  const kind = String(mark.kind || "note").replace(/[^a-z0-9_-]/gi, "");
  return appendTagged(el("mark", { className: `mark mark-${kind}`, title: mark.title || undefined,
    tabindex: mark.preferred ? "0" : undefined, "aria-describedby": mark.preferred ? "term-tip" : undefined,
    dataset: { kind, preferred: mark.preferred || undefined } }), text, labels);
}

// Text with highlighted spans (glossary terms, QA findings) and inline tags as pills (`labels`: the row's
// tag map); offsets count code points, as in Python, and never fall inside a tag.
export function markedText(container, text, marks, labels = null) {
  const chars = Array.from(text);
  const nodes = [];
  let pos = 0;
  let last = null;
  // On a tie a glossary term comes first; a mark overlapping the one before lends it its title.
  const ordered = [...marks].sort((a, b) => a.start - b.start || Boolean(b.preferred) - Boolean(a.preferred));
  for (const mark of ordered) {
    if (mark.end <= mark.start || mark.end > chars.length) continue;
    if (mark.start < pos) {
      if (last && mark.title && !last.title.includes(mark.title)) {
        last.title = last.title ? `${last.title}\n${mark.title}` : mark.title;
      }
      continue;
    }
    nodes.push(...appendTagged(document.createDocumentFragment(), chars.slice(pos, mark.start).join(""), labels)
      .childNodes);
    last = markNode(mark, chars.slice(mark.start, mark.end).join(""), labels);
    nodes.push(last);
    pos = mark.end;
  }
  nodes.push(...appendTagged(document.createDocumentFragment(), chars.slice(pos).join(""), labels).childNodes);
  container.replaceChildren(...nodes);
}
