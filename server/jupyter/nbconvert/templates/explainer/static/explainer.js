// The page's own behaviour, loaded as a file so the Content-Security-Policy can forbid inline
// scripts. It shows the cells once the dashboard is drawn, makes the advice a live region, shows
// a calm message when the dashboard never appears, and frees the visitor's kernel when the page
// goes away.
(function () {
  "use strict";

  var WIDGETS_TIMEOUT_MS = 45000; // no widget by then: something failed on the server
  var LIVE_REGIONS = [".advice-region", ".notice-region"];

  // -- The hook the widget front end calls (frontend/src/main.js), named as Voila's page named it:
  // voila_finish, once every view is in place (it sets window.themeLoaded first). The cells stay
  // out of sight until then, and take the first paint's place in one step: shown earlier,
  // half-drawn below the first paint, they jumped up the screen when it went (a layout shift
  // that phones' browsers count against the page).
  var cellsReady = false;
  window.display_cells = function () {
    if (!window.themeLoaded) return; // the front end calls again once the views are in
    cellsReady = true;
    revealWhenDrawn();
  };

  // -- The page's language ---------------------------------------------------------------------
  // The server made this page before the visitor's link was known, so it holds its own words in
  // every language it speaks (data-languages), each marked data-explainer-lang
  // (explainer/server_pages.py). The link's language shows, read as the kernel reads it
  // (explainer/links.py): the first `lang` it speaks, else the first language; a link too long
  // to read (or with too many fields) is in the first language. explainer.css hides the others.
  var MAX_QUERY_LENGTH = 2000; // explainer/links.py
  var MAX_FIELDS = 100; // explainer/links.py
  var html = document.documentElement;
  var spoken = (html.getAttribute("data-languages") || "").split(" ").filter(Boolean);
  var search = window.location.search.replace(/^\?+/, "");
  var params = new URLSearchParams(search);
  var language = spoken[0] || html.lang;
  if (search.length <= MAX_QUERY_LENGTH && search.split("&").length <= MAX_FIELDS) {
    var asked = params.getAll("lang").filter(function (code) {
      return spoken.indexOf(code) >= 0;
    });
    if (asked.length) language = asked[0];
  }
  html.lang = language;
  html.classList.add("explainer-lang-" + language);

  // The browser tab's title, from the page data (in the body: read once it is parsed).
  function setTitle() {
    var el = document.getElementById("explainer-page-data");
    try {
      var words = JSON.parse(el.textContent).words[language];
      if (words && words.page_title) document.title = words.page_title;
    } catch (e) {
      // the title stays the default language's
    }
  }

  // -- The first paint (explainer/preview.py) ------------------------------------------------
  // The server's page carries the heading and the main message for a plain link. A link with a
  // query may carry answers, so that page shows a neutral line instead (explainer.css). Both,
  // and the loading line, give way once the dashboard (or a calm error) is drawn. A link that
  // only names the language carries no answers.
  var answering = false;
  params.forEach(function (_value, key) {
    if (key !== "lang") answering = true;
  });
  if (answering) {
    document.documentElement.classList.add("explainer-link-query");
  }

  // The first paint goes for good (it holds the dashboard's heading, links and main message:
  // kept, hidden, they would be found twice); the loading line is only hidden.
  function hideFirstPaint() {
    var preview = document.getElementById("explainer-preview");
    if (preview) preview.remove();
    var loading = document.getElementById("loading");
    if (loading) loading.hidden = true;
  }

  // What the widget front end writes in place of a widget it could not draw ("Error displaying
  // widget: model not found") is for developers: the visitor gets the calm message instead.
  var WIDGET_FAILURE = /^Error displaying widget/;

  function failedOutputs(cells) {
    return Array.prototype.filter.call(
      cells.querySelectorAll(".jp-OutputArea-output"),
      function (output) {
        return !output.querySelector(".explainer-app") &&
          WIDGET_FAILURE.test((output.textContent || "").trim());
      }
    );
  }

  function revealWhenDrawn() {
    var cells = document.getElementById("rendered_cells");
    if (!cells || !cellsReady) return;
    var failed = failedOutputs(cells);
    failed.forEach(function (output) {
      output.style.display = "none";
    });
    if (cells.querySelector(".explainer-app, .explainer-cell-error")) {
      hideFirstPaint();
      cells.style.display = "";
      // A busy server can take longer than WIDGETS_TIMEOUT_MS: the dashboard came after all.
      var error = document.getElementById("explainer-error");
      if (error && cells.querySelector(".explainer-app")) error.hidden = true;
    } else if (failed.length) {
      showError();
    }
  }
  window.voila_finish = window.display_cells;

  function showError() {
    hideFirstPaint();
    var error = document.getElementById("explainer-error");
    if (error) error.hidden = false;
  }

  // -- Live regions: screen readers announce the advice when it changes ----------------------
  // ipywidgets replaces the inner .widget-html-content of an HTML widget on every change, so
  // the attributes go on the widget's own element, which stays.
  function markLiveRegions(root) {
    LIVE_REGIONS.forEach(function (selector) {
      root.querySelectorAll(selector).forEach(function (el) {
        if (el.getAttribute("aria-live") === "polite") return;
        el.setAttribute("role", "status");
        el.setAttribute("aria-live", "polite");
        el.setAttribute("aria-atomic", "true");
      });
    });
  }

  // -- The main message's bar, only while the main message itself is out of sight --------------
  // The bar at the top of the self-check repeats the advice panel's main message, so a phone
  // keeps it in view while answering. While that message is itself on screen (a wide screen's
  // first view, a phone scrolled to the advice) the bar is hidden, its space kept so nothing
  // moves: the page never says the same thing twice at once. The advice is redrawn on every
  // change, so the message watched is looked up again each time.
  var mainWatched = null;
  var mainObserver = null;
  function watchMainMessage(root) {
    if (!("IntersectionObserver" in window)) return;
    var message = root.querySelector(".self-check > .advice-region .main-message");
    if (message === mainWatched) return;
    if (!mainObserver) {
      mainObserver = new IntersectionObserver(function (entries) {
        var bar = root.querySelector(".self-check > .headline-region");
        entries.forEach(function (entry) {
          if (bar && entry.target === mainWatched) {
            bar.classList.toggle("main-in-view", entry.isIntersecting);
          }
        });
      });
    }
    if (mainWatched) mainObserver.unobserve(mainWatched);
    mainWatched = message;
    if (message) mainObserver.observe(message);
  }

  function watchWidgets() {
    var cells = document.getElementById("rendered_cells");
    if (!cells) return;
    markLiveRegions(cells);
    new MutationObserver(function () {
      markLiveRegions(cells);
      watchMainMessage(cells);
      revealWhenDrawn();
    }).observe(cells, { childList: true, subtree: true });
    window.setTimeout(function () {
      var drawn = cells.querySelector(".explainer-app, .explainer-cell-error");
      if (!drawn) showError();
    }, WIDGETS_TIMEOUT_MS);
  }

  // -- Free the kernel when the visitor leaves -------------------------------------------------
  // The widget front end posts to voila/api/shutdown on "beforeunload" (as Voila's did), sending
  // the _xsrf cookie's value as a form field. Voila's page never sets that cookie, so the server
  // refused the request (403 "'_xsrf' argument missing") and every visit left its kernel running.
  // The server only checks that cookie and field match (double submit), so the page sets a
  // random one itself when there is none. (A server-side fix through Voila's prelaunch_hook
  // would rule out preheated kernels.) Phones often skip "beforeunload", so the same request
  // goes out on "pagehide" when it has not gone out already.
  function ensureXsrfCookie() {
    if (xsrfToken()) return;
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var token = Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
    document.cookie = "_xsrf=" + token + "; path=/; SameSite=Strict";
  }

  var beforeUnloadSeen = false;
  window.addEventListener("beforeunload", function () {
    beforeUnloadSeen = true;
  });

  function pageConfig() {
    var el = document.getElementById("jupyter-config-data");
    try {
      return el ? JSON.parse(el.textContent) : null;
    } catch (e) {
      return null;
    }
  }

  function xsrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
    return match ? match[1] : "";
  }

  window.addEventListener("pagehide", function () {
    if (beforeUnloadSeen) return;
    var config = pageConfig();
    if (!config || !config.kernelId || !navigator.sendBeacon) return;
    var form = new FormData();
    form.append("_xsrf", xsrfToken());
    navigator.sendBeacon(config.baseUrl + "voila/api/shutdown/" + config.kernelId, form);
  });

  // A page restored from the back/forward cache has lost its kernel: start afresh.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });

  ensureXsrfCookie();
  document.addEventListener("DOMContentLoaded", function () {
    setTitle();
    window.voila_finish();
    watchWidgets();
  });
})();
