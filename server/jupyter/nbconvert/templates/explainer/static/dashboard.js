// The dashboard's own page behaviour, for things only the browser can do. Loaded as a file so
// the Content-Security-Policy can forbid inline scripts. The kernel never sees any of this:
// copying a link, printing, and the presenter's arrow keys.
(function () {
  "use strict";

  function clickWidgetButton(selector) {
    var button = document.querySelector(selector);
    if (button) button.click();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http on another host has no clipboard API: select the text in a hidden field.
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "absolute";
    field.style.left = "-9999px";
    document.body.appendChild(field);
    field.select();
    try {
      document.execCommand("copy");
    } finally {
      document.body.removeChild(field);
    }
    return Promise.resolve();
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var copy = target.closest("button.copy-link");
    if (copy) {
      var section = copy.closest(".share");
      var link = section && section.querySelector("a.share-link");
      if (!link) return;
      var url = new URL(link.getAttribute("href"), window.location.href).toString();
      var status = section.querySelector(".copy-status");
      copyText(url).then(function () {
        if (status) status.textContent = copy.getAttribute("data-copied") || "";
      });
      return;
    }
    if (target.closest("button.print-plan")) {
      window.print();
    }
  });

  // The presenter's arrow keys: Left and Right step through the stories, unless the focus is
  // in a control that uses the arrows itself (radio buttons, text fields).
  document.addEventListener("keydown", function (event) {
    if (!document.querySelector(".presenter")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var active = document.activeElement;
    if (active && active.matches("input[type=radio], input[type=text], textarea, select")) return;
    if (event.key === "ArrowRight") {
      clickWidgetButton(".presenter-next");
      event.preventDefault();
    } else if (event.key === "ArrowLeft") {
      clickWidgetButton(".presenter-prev");
      event.preventDefault();
    }
  });
})();
