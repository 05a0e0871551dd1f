// The site's only script (the Content-Security-Policy allows no inline script):
// small conveniences that every page works without.

// With the script running, a phone folds the menu behind the Menu button (see site.css).
document.documentElement.classList.add("js");
document.addEventListener("change", (event) => {
  // A <select data-autosubmit> sends its form as soon as a choice is made.
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});

document.addEventListener("click", (event) => {
  // A <button data-check-all="#form-id"> ticks every checkbox in that form.
  const button = event.target.closest("button[data-check-all]");
  if (button) {
    document.querySelectorAll(`${button.dataset.checkAll} input[type=checkbox]:not(:disabled)`).forEach((box) => { box.checked = true; });
  }
});

document.addEventListener("click", (event) => {
  // The Menu button opens and closes the menu on a phone.
  const toggle = event.target.closest("button.menu-toggle");
  if (toggle) {
    const header = toggle.closest(".site-header");
    const open = header.classList.toggle("menu-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
});

// A table wider than a phone scrolls in its own box (site.css); a box that scrolls must take the
// keyboard's focus, or keyboard users cannot reach what is off to the side.
function focusableScrollers() {
  document.querySelectorAll("main table, main .table-scroll, main .chart-scroll").forEach((box) => {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
    } else if (box.tabIndex === 0 && !box.matches("a, button, input, select, textarea")) {
      box.removeAttribute("tabindex");
    }
  });
}
document.addEventListener("DOMContentLoaded", focusableScrollers);
window.addEventListener("resize", focusableScrollers);

document.addEventListener("keydown", (event) => {
  // Escape closes the phone menu and returns focus to its button.
  if (event.key !== "Escape") return;
  const header = document.querySelector(".site-header.menu-open");
  if (header) {
    header.classList.remove("menu-open");
    const toggle = header.querySelector("button.menu-toggle");
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }
});

// A live character count under a long answer (a report of about 2,000 characters). The sentence
// comes from the page, already translated, with {count} to fill in.
function characterCounters() {
  document.querySelectorAll("[data-character-count-for]").forEach((output) => {
    const field = document.getElementById(output.dataset.characterCountFor);
    if (!field) return;
    const show = () => { output.textContent = output.dataset.sentence.replace("{count}", field.value.length.toLocaleString()); };
    field.addEventListener("input", show);
    show();
  });
}
document.addEventListener("DOMContentLoaded", characterCounters);
