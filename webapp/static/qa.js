// The QA report page: run QA as a background job with a progress bar, ignore or show again a warning, add a
// word flagged by the spelling check to the project's dictionary.
import { api, followJob } from "./api.js";

function showError(page, message) {
  const box = page.querySelector(".qa-error");
  box.textContent = message;
  box.hidden = false;
}

async function follow(page, job) {
  const bar = page.querySelector(".run-progress");
  const status = page.querySelector(".run-status");
  bar.hidden = false;
  job = await followJob(job, (running) => {
    bar.value = running.progress || 0;
    status.textContent = running.message || running.status;
  });
  bar.value = 1;
  status.textContent = `Done: ${job.result.findings} finding(s) in ${job.result.rows} rows. Reloading…`;
  window.location.reload();
}

async function run(page, button) {
  button.disabled = true;
  try {
    const job = await api(`/documents/${page.dataset.documentId}/qa-jobs`, { method: "POST" });
    await follow(page, job);
  } catch (error) {
    showError(page, error.message);
    button.disabled = false;
  }
}

async function toggle(page, row, button) {
  const ignored = row.dataset.ignored === "true";
  button.disabled = true;
  try {
    await api(`/qa/findings/${row.dataset.findingId}/ignore`, { method: ignored ? "DELETE" : "POST" });
    row.dataset.ignored = String(!ignored);
    row.classList.toggle("ignored", !ignored);
    button.textContent = ignored ? "Ignore" : "Show again";
    button.setAttribute("aria-label", button.getAttribute("aria-label").replace(/^[^:]*/, button.textContent));
  } catch (error) {
    showError(page, error.message);
  } finally {
    button.disabled = false;
  }
}

// The dictionary's form of a flagged word, lower-cased: the spelling check reads "Xinhua's" as "Xinhua".
const dictionaryKey = (word) => word.toLowerCase().replace(/['’]s$/, "");

// The word joins the dictionary and its findings are deleted on the server: drop every row of it here too.
async function addWord(page, button) {
  const word = button.dataset.word;
  button.disabled = true;
  try {
    const done = await api(`/projects/${page.dataset.projectId}/dictionary`, { method: "POST", body: { word } });
    const key = dictionaryKey(done.word.word);
    for (const row of page.querySelectorAll("tr.finding")) {
      const other = row.querySelector(".add-word")?.dataset.word;
      if (other !== undefined && dictionaryKey(other) === key) row.remove();
    }
    page.querySelector(".run-status").textContent = done.message;
  } catch (error) {
    showError(page, error.message);
    button.disabled = false;
  }
}

export function start() {
  const page = document.querySelector(".qa-page");
  if (!page) return;
  page.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.classList.contains("run-qa")) run(page, button);
    else if (button.classList.contains("ignore-toggle")) toggle(page, button.closest("tr"), button);
    else if (button.classList.contains("add-word")) addWord(page, button);
  });
}

start();
