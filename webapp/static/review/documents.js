// The document list: upload with a progress bar (XHR, so the bytes sent can be shown) and delete with a
// confirmation. Without JavaScript the form still posts normally.
import { api, csrfToken } from "../api.js";

function upload(form) {
  const box = form.querySelector(".upload-progress");
  const bar = box.querySelector("progress");
  const label = box.querySelector("span");
  const request = new XMLHttpRequest();
  request.open("POST", form.action);
  request.setRequestHeader("Accept", "application/json");
  request.setRequestHeader("X-CSRF-Token", csrfToken());
  request.responseType = "json";
  request.upload.addEventListener("progress", (event) => {
    if (!event.lengthComputable) return;
    bar.value = Math.round((100 * event.loaded) / event.total);
    label.textContent = `Uploading… ${bar.value}%`;
  });
  request.upload.addEventListener("load", () => { label.textContent = "Uploaded; waiting for the import…"; });
  // The server answers {"job": id, "status": its API url} (the import runs in the background) or {"message"}.
  request.addEventListener("load", () => {
    if (request.status === 202 && request.response?.status) return follow(form, request.response.status);
    failed(form, request.response?.message || `The upload failed (${request.status}).`);
  });
  request.addEventListener("error", () => failed(form, "The upload failed: check the connection and retry."));
  form.querySelector(".upload-error").textContent = "";
  box.hidden = false;
  bar.value = 0;
  label.textContent = "Uploading…";
  form.querySelector("button[type=submit]").disabled = true;
  request.send(new FormData(form));
}

// Follow the import job: its progress fills the bar, and when it is done the review page opens.
async function follow(form, statusUrl) {
  const bar = form.querySelector(".upload-progress progress");
  const label = form.querySelector(".upload-progress span");
  for (;;) {
    let job;
    try {
      const response = await fetch(statusUrl, { headers: { Accept: "application/json" } });
      job = await response.json();
    } catch {
      return failed(form, "Lost contact with the server while importing; reload the page to see if it finished.");
    }
    // The job page opens the document and says whether hard-wrapped lines were joined.
    if (job.status === "done") return window.location.assign(`/jobs/${job.id}`);
    if (job.status === "failed") return failed(form, job.error || "The import failed.");
    bar.value = Math.round(100 * job.progress);
    label.textContent = `${job.message || job.status}… ${bar.value}%`;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function failed(form, message) {
  form.querySelector(".upload-progress").hidden = true;
  form.querySelector(".upload-error").textContent = message;
  form.querySelector("button[type=submit]").disabled = false;
}

function askToDelete(button, dialog) {
  const row = button.closest("tr");
  dialog.querySelector(".delete-name").textContent = button.dataset.title;
  dialog.querySelector(".delete-error").textContent = "";
  dialog.returnValue = "";
  dialog.onclose = async () => {
    if (dialog.returnValue !== "delete") return button.focus();
    try {
      await api(`/documents/${row.dataset.documentId}`, { method: "DELETE" });
      row.remove();
    } catch (error) {
      window.alert(`Not deleted: ${error.message}`);
    }
  };
  dialog.showModal();
}

const form = document.querySelector("form[data-upload]");
form?.addEventListener("submit", (event) => {
  event.preventDefault();
  upload(form);
});
const dialog = document.querySelector("#delete-dialog");
for (const button of document.querySelectorAll("button[data-action=delete]")) {
  button.addEventListener("click", () => askToDelete(button, dialog));
}
