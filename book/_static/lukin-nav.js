// The theme's sidebar buttons, working at every width.
//
// pydata-sphinx-theme and sphinx-book-theme bind their handlers to the first
// `.primary-toggle` / `.secondary-toggle` of the page: the header's, which
// sphinx-book-theme hides. The buttons a reader sees (in the article header)
// had no handler, so on a phone there was no way into the table of contents
// and on a desktop the sidebar could not be collapsed. Each visible button now
// passes its click to the bound one, whose handlers open the phone dialog or
// collapse the desktop sidebar as the width requires.
(function () {
  "use strict";

  function wire(selector, label, controls) {
    var buttons = Array.prototype.slice.call(document.querySelectorAll(selector));
    if (buttons.length === 0) return;
    var bound = buttons[0];
    buttons.forEach(function (button) {
      button.setAttribute("aria-label", label);
      if (controls) button.setAttribute("aria-controls", controls);
      if (button === bound) return;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        bound.click();
        button.setAttribute("aria-expanded", String(isOpen(controls)));
      });
    });
  }

  function isOpen(id) {
    var dialog = document.getElementById(id + "-modal");
    var sidebar = document.getElementById(id);
    if (dialog && dialog.open) return true;
    return !!sidebar && !sidebar.classList.contains("pst-sidebar-hidden") &&
      window.matchMedia("(min-width: 992px)").matches;
  }

  // Boxes that scroll sideways (wide figures and tables on a phone) must be
  // reachable by keyboard and say what they hold.
  function focusableScrollBoxes() {
    var boxes = document.querySelectorAll(
      ".cell_output > figure, .cell_output > .output, .lukin-scroll, .pst-scrollable-table-container"
    );
    Array.prototype.forEach.call(boxes, function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls) {
        box.tabIndex = 0;
        box.setAttribute("role", box.getAttribute("role") || "region");
        if (!box.getAttribute("aria-label")) {
          var img = box.querySelector("img[alt]");
          box.setAttribute("aria-label", img ? "Figure (scrolls sideways)" : "Table (scrolls sideways)");
        }
      }
    });
  }

  function init() {
    wire(".primary-toggle", "Site navigation", "pst-primary-sidebar");
    wire(".secondary-toggle", "On this page", "pst-secondary-sidebar");
    focusableScrollBoxes();
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(focusableScrollBoxes, 200);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
