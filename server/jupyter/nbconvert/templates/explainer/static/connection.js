// Never show advice that does not match the answers on screen.
//
// The advice is made in the visitor's kernel. When the page loses that kernel (it crashed or
// was restarted, the server restarted, the network dropped, the phone slept past the idle cull),
// ipywidgets keeps the last advice on screen and still lets the controls change, with no advice
// following. This script stops that:
//
// - The moment the controls and the advice differ, the advice is marked out of date
//   (.advice[data-stale="updating"]; dimmed only if the update is slow, explainer.css). When
//   the kernel itself sets the controls (a story, Start over), it marks the advice first
//   (data-stale="syncing").
// - On a loss, a calm notice (.connection-lost, role="alert") offers a link that reloads the
//   page with the answers on screen. The link is built here, from the controls and the answer
//   key the server put in the page (explainer/page.py), so it needs neither kernel nor network.
//   The advice is marked out of date (data-stale="lost", with words) and the controls are
//   disabled, so no answer can change without the advice following.
// - If the connection comes back to the same kernel by itself, all of that is taken back.
//
// A loss is any one of:
// 1. the kernel's websocket (Jupyter Server's /api/kernels/<id>/channels) closed and did not
//    reopen within RECONNECT_GRACE_MS. The WebSocket constructor is wrapped before Voila's
//    scripts load (this file is in the page's head), to see it;
// 2. ipywidgets marked a view "jupyter-widgets-disconnected": its kernel restarted or died, and
//    a restarted kernel has none of the page's widgets;
// 3. the controls and the advice still differ UPDATE_TIMEOUT_MS after they began to: whatever
//    the cause, the advice is not following the answers.
// Loaded as a file so the Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";

  var RECONNECT_GRACE_MS = 1500; // Jupyter's first reconnect is immediate: no notice for a blip
  var UPDATE_TIMEOUT_MS = 3500; // a click's advice normally follows in well under a second
  var KERNEL_CHANNELS = /\/api\/kernels\/[^/?#]+\/channels(?:[?#]|$)/;
  // Buttons that work without the kernel stay enabled.
  var KEEP_ENABLED = ".print-plan, .reload-with-answers";

  // -- 1. The kernel's websocket --------------------------------------------------------------
  var NativeWebSocket = window.WebSocket;
  var openSockets = 0;
  var everConnected = false;
  var lastClose = 0;
  var leaving = false;

  function watchSocket(socket) {
    var opened = false;
    socket.addEventListener("open", function () {
      opened = true;
      openSockets += 1;
      everConnected = true;
      refresh();
    });
    socket.addEventListener("close", function () {
      if (opened) openSockets -= 1;
      lastClose = Date.now();
      refresh();
      window.setTimeout(refresh, RECONNECT_GRACE_MS + 50);
    });
  }

  if (NativeWebSocket) {
    var TrackedWebSocket = function (url, protocols) {
      var socket =
        protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
      if (KERNEL_CHANNELS.test(String(url))) watchSocket(socket);
      return socket;
    };
    TrackedWebSocket.prototype = NativeWebSocket.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
      TrackedWebSocket[name] = NativeWebSocket[name];
    });
    window.WebSocket = TrackedWebSocket;
  }

  function socketLost() {
    return (
      everConnected && openSockets === 0 && Date.now() - lastClose >= RECONNECT_GRACE_MS
    );
  }

  // -- The answer key and the words (explainer/page.py) ---------------------------------------
  var pageData = null;
  function data() {
    if (pageData) return pageData;
    var el = document.getElementById("explainer-page-data");
    try {
      pageData = el ? JSON.parse(el.textContent) : null;
    } catch (e) {
      pageData = null;
    }
    return pageData;
  }

  function cells() {
    return document.getElementById("rendered_cells");
  }

  // -- Reading the answers on screen ------------------------------------------------------------
  // A control is the widget classed `criterion-<id>` (explainer/dashboard.py): a checkbox for a
  // yes/no question, radio buttons in the options' order for a choice.
  function controlValue(root, criterion) {
    var control = root.querySelector(".criterion-" + criterion.id);
    if (!control) return null;
    if (criterion.kind === "yes_no") {
      var box = control.querySelector("input[type=checkbox]");
      return box ? (box.checked ? "yes" : "no") : null;
    }
    var radios = control.querySelectorAll("input[type=radio]");
    for (var i = 0; i < radios.length; i++) {
      if (radios[i].checked) return criterion.options[i] || null;
    }
    return null;
  }

  // The link query for the answers on screen, as links.build_query writes it (only what differs
  // from the defaults, in the content's order); null where the view has no controls.
  function answersOnScreen() {
    var key = data();
    var root = cells();
    if (!key || !root) return null;
    var pairs = [];
    for (var i = 0; i < key.criteria.length; i++) {
      var criterion = key.criteria[i];
      var value = controlValue(root, criterion);
      if (value === null) return null;
      if (value !== criterion["default"]) {
        pairs.push(encodeURIComponent(criterion.id) + "=" + encodeURIComponent(value));
      }
    }
    return pairs.join("&");
  }

  function adviceElements() {
    var root = cells();
    return root ? root.querySelectorAll(".advice[data-answers]") : [];
  }

  // -- 3. Controls and advice that differ -------------------------------------------------------
  var differentSince = 0;

  function adviceDiffers(onScreen) {
    if (onScreen === null) return false;
    var advice = adviceElements();
    for (var i = 0; i < advice.length; i++) {
      if (advice[i].getAttribute("data-answers") !== onScreen) return true;
    }
    return false;
  }

  // -- The link that reloads the page with the answers on screen --------------------------------
  function reloadHref(onScreen) {
    var root = cells();
    var query = "";
    var story = root && root.querySelector(".presenter[data-scenario]");
    if (root && root.querySelector(".presenter-app")) {
      query = story
        ? "view=present&story=" + encodeURIComponent(story.getAttribute("data-scenario"))
        : "view=present";
    } else if (root && root.querySelector(".handout-app")) {
      var advice = adviceElements()[0];
      var answers = advice ? advice.getAttribute("data-answers") : "";
      query = "view=handout" + (answers ? "&" + answers : "");
    } else {
      query = onScreen || "";
    }
    return window.location.pathname + (query ? "?" + query : "");
  }

  // -- Showing and taking back the loss ---------------------------------------------------------
  var lost = false;

  function noticeRegion() {
    return document.querySelector(".connection-lost");
  }

  function showNotice(href) {
    var region = noticeRegion();
    var words = (data() || {}).words || {};
    if (!region) return;
    var link = region.querySelector("a.reload-with-answers");
    if (!link) {
      var text = document.createElement("p");
      text.textContent = words.connection_lost || "";
      link = document.createElement("a");
      link.className = "reload-with-answers";
      link.textContent = words.reload_with_answers || "";
      var holder = document.createElement("p");
      holder.appendChild(link);
      region.appendChild(text);
      region.appendChild(holder);
    }
    link.setAttribute("href", href);
    region.hidden = false;
    document.documentElement.classList.add("explainer-connection-lost");
  }

  function hideNotice() {
    var region = noticeRegion();
    if (region) {
      region.hidden = true;
      region.textContent = "";
    }
    document.documentElement.classList.remove("explainer-connection-lost");
  }

  function markAdvice(state) {
    var root = cells();
    if (!root) return;
    var words = (data() || {}).words || {};
    var text = state === "lost" ? words.advice_out_of_date : words.advice_updating;
    adviceElements().forEach(function (advice) {
      // "syncing": the kernel marked it while it sets the controls (explainer/dashboard.py); its
      // next redraw takes the mark away.
      if (advice.getAttribute("data-stale") === "syncing" && state !== "lost") return;
      if (!state) {
        advice.removeAttribute("data-stale");
        var old = advice.querySelector(":scope > .stale-note");
        if (old) advice.removeChild(old);
        return;
      }
      advice.setAttribute("data-stale", state);
      var note = advice.querySelector(":scope > .stale-note");
      if (!note) {
        note = document.createElement("p");
        note.className = "stale-note";
        advice.insertBefore(note, advice.firstChild);
      }
      if (note.textContent !== text) note.textContent = text || "";
    });
    root.querySelectorAll(".headline").forEach(function (headline) {
      if (state) headline.setAttribute("data-stale", state);
      else headline.removeAttribute("data-stale");
    });
    // While the advice is out of date its live region waits: an update is announced once, when
    // it comes; a loss is announced by the notice (role="alert"), not by reading the whole
    // advice again.
    root.querySelectorAll(".advice-region").forEach(function (region) {
      if (state) region.setAttribute("aria-busy", "true");
      else region.removeAttribute("aria-busy");
    });
  }

  function holdControls(hold) {
    var root = cells();
    if (!root) return;
    if (hold) {
      root.querySelectorAll("input, button, select, textarea").forEach(function (el) {
        if (el.disabled || el.matches(KEEP_ENABLED)) return;
        el.disabled = true;
        el.setAttribute("data-held", "");
      });
    } else {
      root.querySelectorAll("[data-held]").forEach(function (el) {
        el.disabled = false;
        el.removeAttribute("data-held");
      });
    }
  }

  var refreshing = false;

  function refresh() {
    if (leaving || refreshing) return;
    refreshing = true;
    try {
      var root = cells();
      var onScreen = answersOnScreen();
      var differs = adviceDiffers(onScreen);
      var now = Date.now();
      if (!differs) {
        differentSince = 0;
      } else if (!differentSince) {
        differentSince = now;
        window.setTimeout(refresh, UPDATE_TIMEOUT_MS + 50);
      }
      var disconnected = !!(root && root.querySelector(".jupyter-widgets-disconnected"));
      var slow = differs && now - differentSince >= UPDATE_TIMEOUT_MS;
      lost = socketLost() || disconnected || slow;
      if (lost) {
        holdControls(true);
        markAdvice(root && root.querySelector(".advice-region .advice") ? "lost" : null);
        showNotice(reloadHref(onScreen));
      } else {
        hideNotice();
        holdControls(false);
        markAdvice(differs ? "updating" : null);
      }
    } finally {
      refreshing = false;
    }
  }

  // -- When to look ---------------------------------------------------------------------------
  // At once when a control changes (before the browser paints), whenever the widgets redraw,
  // and when a view is marked disconnected.
  function start() {
    var root = cells();
    if (!root) return;
    new MutationObserver(refresh).observe(root, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["class", "data-answers"],
    });
    ["change", "input"].forEach(function (type) {
      root.addEventListener(type, refresh, true);
    });
    // Belt and braces: while lost, nothing in the dashboard reacts to a click.
    root.addEventListener(
      "click",
      function (event) {
        if (!lost) return;
        var target = event.target;
        if (target instanceof Element && target.closest(KEEP_ENABLED)) return;
        event.preventDefault();
        event.stopPropagation();
      },
      true
    );
    refresh();
  }

  // Navigating away closes the socket: that is not a loss to tell the visitor about.
  window.addEventListener("pagehide", function () {
    leaving = true;
  });
  window.addEventListener("beforeunload", function () {
    leaving = true;
  });
  window.addEventListener("pageshow", function () {
    leaving = false;
  });

  document.addEventListener("DOMContentLoaded", start);
})();
