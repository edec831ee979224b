// The review page: save a correction when its field is left, keep the row's version and status current.
import { api, ApiError } from "./api.js";

const saveState = document.querySelector(".save-state");

function grow(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${textarea.scrollHeight + 2}px`;
}

function showRow(row, data) {
  row.dataset.version = data.version;
  row.className = row.className.replace(/status-\w+/, `status-${data.status}`);
  const badge = row.querySelector(".status");
  badge.dataset.status = data.status;
  badge.textContent = data.status;
}

async function save(textarea) {
  const row = textarea.closest(".row");
  if (textarea.value === textarea.defaultValue) return;
  saveState.textContent = "Saving…";
  try {
    const data = await api(`/rows/${row.dataset.rowId}`, {
      method: "PATCH",
      body: { version: Number(row.dataset.version), target: textarea.value },
    });
    textarea.defaultValue = data.target;
    showRow(row, data);
    saveState.textContent = "All changes saved";
  } catch (error) {
    const conflict = error instanceof ApiError && error.status === 409;
    saveState.textContent = conflict
      ? `Not saved: ${error.message}. Their text: “${error.body.current.target}”`
      : `Not saved: ${error.message}`;
    row.classList.add("save-failed");
  }
}

for (const textarea of document.querySelectorAll(".target-input")) {
  grow(textarea);
  textarea.addEventListener("input", () => grow(textarea));
  textarea.addEventListener("blur", () => save(textarea));
}
