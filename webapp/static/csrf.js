// A form the browser itself submits carries the session's CSRF token. Forms that scripts handle
// (submit prevented) send it through api.js instead, so their own fields stay as they are.
import { csrfToken } from "./api.js";

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") return;
  if (form.querySelector("input[name=csrf_token]")) return;
  const field = document.createElement("input");
  field.type = "hidden";
  field.name = "csrf_token";
  field.value = csrfToken();
  form.append(field);
});
