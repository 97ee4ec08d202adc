// locket ui: reveal and copy a value on request, and confirmation dialogs. The value is fetched
// by a POST carrying the page's CSRF token, shown for a short time (the table's
// data-reveal-seconds, from `locket ui --reveal-seconds`), then replaced by the mask again.
"use strict";

const DEFAULT_SHOWN_FOR_S = 20;

// A link with data-dialog opens that <dialog> instead of its confirmation page (which it still
// is without this script); Escape or a data-close button closes it.
document.addEventListener("click", (event) => {
  const opener = event.target.closest("[data-dialog]");
  if (opener) {
    const dialog = document.getElementById(opener.dataset.dialog);
    if (dialog && dialog.showModal) {
      event.preventDefault();
      dialog.showModal();
    }
    return;
  }
  const closer = event.target.closest("dialog [data-close]");
  if (closer) closer.closest("dialog").close();
});

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.classList.contains("reveal")) return;
  event.preventDefault();
  const action = event.submitter ? event.submitter.value : "reveal";
  const cell = form.closest("td");
  const mask = cell.querySelector(".mask");
  const body = new URLSearchParams(new FormData(form));
  body.delete("do");
  let response;
  try {
    response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
  } catch (e) {
    say(cell, "The server did not answer: is `locket ui` still running?");
    return;
  }
  const text = await response.text();
  if (!response.ok) {
    // The server's error page: its message only (parsed inertly; nothing in it runs).
    const page = new DOMParser().parseFromString(text, "text/html");
    const error = page.querySelector(".error") || page.body;
    say(cell, "Not shown: " + error.textContent.replace(/\s+/g, " ").trim().slice(0, 500));
    return;
  }
  if (action === "copy") {
    try {
      await navigator.clipboard.writeText(text);
      say(cell, "Copied");
    } catch (e) {
      say(cell, "The browser refused the clipboard: use Reveal and copy by hand");
    }
    return;
  }
  const masked = mask.dataset.mask || mask.textContent;
  mask.dataset.mask = masked;
  mask.textContent = text;
  mask.classList.add("revealed");
  const setting = form.closest("[data-reveal-seconds]");
  const seconds = Number(setting && setting.dataset.revealSeconds) || DEFAULT_SHOWN_FOR_S;
  clearTimeout(mask.hideTimer);
  mask.hideTimer = setTimeout(() => {
    mask.textContent = masked;
    mask.classList.remove("revealed");
  }, seconds * 1000);
});

function say(cell, message) {
  let status = cell.querySelector(".status");
  if (!status) {
    status = document.createElement("span");
    status.className = "status";
    status.setAttribute("role", "status");
    cell.appendChild(status);
  }
  status.textContent = " " + message;
  clearTimeout(status.hideTimer);
  status.hideTimer = setTimeout(() => { status.textContent = ""; }, 4000);
}
