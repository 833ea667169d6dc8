// Never show advice that does not match the answers on screen.
//
// The advice is made in the visitor's kernel. When the page loses that kernel (it crashed or
// was restarted, the server restarted, the network dropped, the phone slept past the idle cull),
// ipywidgets keeps the last advice on screen and still lets the controls change, with no advice
// following. This script stops that:
//
// - Whatever the kernel made for a set of answers carries them (`data-answers`: the advice, the
//   headline bar, the share links; explainer/render.py). The moment one of them differs from
//   the controls on screen it is marked out of date (data-stale="updating"; dimmed only if the
//   update is slow, explainer.css). When the kernel itself sets the controls (a story, Start
//   over), it marks them first (data-stale="syncing", explainer/dashboard.py).
// - On a loss, a calm notice (.connection-lost, role="alert") offers a link that reloads the
//   page with the answers on screen. The link is built here, from the controls and the answer
//   key the server put in the page (explainer/page.py), so it needs neither kernel nor network.
//   The advice is marked out of date (data-stale="lost", with words) and the controls are
//   disabled, so no answer can change without the advice following.
// - If the connection comes back to the same kernel by itself, all of that is taken back.
//
// A loss is any one of:
// 1. the kernel's websocket (Jupyter Server's /api/kernels/<id>/channels) closed and no socket
//    has opened since, for RECONNECT_GRACE_MS. The WebSocket constructor is wrapped before
//    Voila's scripts load (this file is in the page's head), to see it. Reconnection attempts
//    that never open (a culled kernel, a restarted server) change nothing;
// 2. ipywidgets marked a view "jupyter-widgets-disconnected": its kernel restarted or died, and
//    a restarted kernel has none of the page's widgets;
// 3. the visitor used a control and nothing came back from the kernel within
//    UPDATE_TIMEOUT_MS (a socket that is open but carries nothing: a stalled network, a kernel
//    gone without a word). Every message to a kernel makes it report busy and idle at once;
// 4. something made for other answers still differs from the controls UPDATE_TIMEOUT_MS after
//    it began to: whatever the cause, the advice is not following the answers.
// Loaded as a file so the Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";

  var RECONNECT_GRACE_MS = 1500; // Jupyter's first reconnect is immediate: no notice for a blip
  var UPDATE_TIMEOUT_MS = 3500; // a click's advice normally follows in well under a second
  var LEAVING_MS = 3000; // after "beforeunload": a page still here by then did not navigate
  var KERNEL_CHANNELS = /\/api\/kernels\/[^/?#]+\/channels(?:[?#]|$)/;
  // The widget controls whose use the kernel answers (ipywidgets' own classes). The plain HTML
  // inside an HTML widget (the steps' tick boxes, Copy the link, Print) needs no kernel.
  var KERNEL_CONTROLS =
    "button.jupyter-button, .widget-checkbox input, .widget-radio-box input, .widget-radio-box label";
  var MADE_FOR_ANSWERS = "[data-answers]";
  // Buttons that work without the kernel stay enabled.
  var KEEP_ENABLED = ".print-plan";

  // -- 1 and 3. The kernel's websocket --------------------------------------------------------
  var NativeWebSocket = window.WebSocket;
  var openSockets = 0;
  var everConnected = false;
  var downSince = 0; // when the last open socket closed; 0 while one is open
  var lastMessage = 0;
  var awaitingSince = 0; // a control was used and the kernel has not answered yet

  function watchSocket(socket) {
    var opened = false;
    socket.addEventListener("open", function () {
      opened = true;
      openSockets += 1;
      everConnected = true;
      downSince = 0;
      refresh();
    });
    socket.addEventListener("message", function () {
      lastMessage = Date.now();
      if (awaitingSince) {
        awaitingSince = 0;
        refresh();
      }
    });
    socket.addEventListener("close", function () {
      if (!opened) return; // an attempt that never connected changes nothing
      opened = false;
      openSockets -= 1;
      if (openSockets === 0) downSince = Date.now();
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

  function socketLost(now) {
    return everConnected && openSockets === 0 && now - downSince >= RECONNECT_GRACE_MS;
  }

  function unanswered(now) {
    return awaitingSince && now - awaitingSince >= UPDATE_TIMEOUT_MS;
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

  // The words in the page's language (set by explainer.js, from the link).
  function words() {
    var all = (data() || {}).words || {};
    return all[document.documentElement.lang] || {};
  }

  // The page's language as a link writes it (explainer/links.py): after the view, before the
  // answers; nothing for the first language the page speaks.
  function languagePair() {
    var spoken = (document.documentElement.getAttribute("data-languages") || "").split(" ");
    var language = document.documentElement.lang;
    return language && language !== spoken[0] ? ["lang=" + encodeURIComponent(language)] : [];
  }

  function cells() {
    return document.getElementById("rendered_cells");
  }

  // -- Reading the answers on screen ------------------------------------------------------------
  // A control is the widget classed `criterion-<id>` (explainer/dashboard.py): a checkbox for a
  // yes/no question, radio buttons in the options' order for a choice.
  function controlValue(root, criterion) {
    var control = root.querySelector(".criterion-" + CSS.escape(criterion.id));
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
  // from the defaults, in the content's order; ids are [a-z0-9_], so no escaping differs);
  // null where the view has no controls. A question the route on screen does not ask counts
  // as its default, as explainer/advice.py's validate_answers counts it.
  function answersOnScreen(root) {
    var key = data();
    if (!key || !root) return null;
    var values = {};
    for (var i = 0; i < key.criteria.length; i++) {
      var value = controlValue(root, key.criteria[i]);
      if (value === null) return null;
      values[key.criteria[i].id] = value;
    }
    var pairs = [];
    for (var j = 0; j < key.criteria.length; j++) {
      var criterion = key.criteria[j];
      var answer = values[criterion.id];
      var routes = criterion.routes || [];
      if (routes.length && routes.indexOf(values[key.route]) < 0) continue;
      if (answer !== criterion["default"]) {
        pairs.push(encodeURIComponent(criterion.id) + "=" + encodeURIComponent(answer));
      }
    }
    return pairs.join("&");
  }

  // -- The link that reloads the page with the answers on screen --------------------------------
  // Relative ("?..."), so it stays on this page's own address whatever the base URL.
  function reloadHref(root, onScreen) {
    var parts;
    var story = root.querySelector(".presenter[data-scenario]");
    if (root.querySelector(".presenter-app")) {
      parts = ["view=present"].concat(languagePair());
      if (story) parts.push("story=" + encodeURIComponent(story.getAttribute("data-scenario")));
    } else if (root.querySelector(".handout-app")) {
      var made = root.querySelector(".handout-app " + MADE_FOR_ANSWERS);
      var answers = made ? made.getAttribute("data-answers") : "";
      parts = ["view=handout"].concat(languagePair());
      if (answers) parts.push(answers);
    } else {
      parts = languagePair();
      if (onScreen) parts.push(onScreen);
    }
    return "?" + parts.join("&");
  }

  // -- Showing and taking back the loss ---------------------------------------------------------
  var lost = false;

  // The alert region stays in the page, empty and out of sight, so that screen readers announce
  // the text when it is put in.
  function showNotice(href) {
    var region = document.querySelector(".connection-lost");
    if (!region) return null;
    var link = region.querySelector("a.reload-with-answers");
    if (!link) {
      var text = document.createElement("p");
      text.textContent = words().connection_lost || "";
      link = document.createElement("a");
      link.className = "reload-with-answers";
      link.textContent = words().reload_with_answers || "";
      var holder = document.createElement("p");
      holder.appendChild(link);
      region.appendChild(text);
      region.appendChild(holder);
    }
    link.setAttribute("href", href);
    document.documentElement.classList.add("explainer-connection-lost");
    return link;
  }

  function hideNotice() {
    var region = document.querySelector(".connection-lost");
    if (region && region.firstChild) region.textContent = "";
    document.documentElement.classList.remove("explainer-connection-lost");
  }

  // Marks each thing made for other answers (or everything, when lost); the advice panel gets
  // words too. "syncing" is the kernel's own mark: its next redraw takes it away.
  function markStale(root, onScreen, everything) {
    root.querySelectorAll(MADE_FOR_ANSWERS).forEach(function (made) {
      var current = made.getAttribute("data-stale");
      var state = everything
        ? "lost"
        : onScreen !== null && made.getAttribute("data-answers") !== onScreen
          ? "updating"
          : null;
      if (current === "syncing" && state !== "lost") return;
      if (state) {
        if (current !== state) made.setAttribute("data-stale", state);
      } else if (current) {
        made.removeAttribute("data-stale");
      }
      if (made.classList.contains("advice")) noteOn(made, state);
    });
    // While the advice is out of date its live region waits: an update is announced once, when
    // it comes; a loss is announced by the notice (role="alert"), not by reading the whole
    // advice again.
    var waiting = everything || root.querySelector(".advice[data-stale]") !== null;
    root.querySelectorAll(".advice-region").forEach(function (region) {
      if (waiting) region.setAttribute("aria-busy", "true");
      else region.removeAttribute("aria-busy");
    });
  }

  function noteOn(advice, state) {
    var note = advice.querySelector(":scope > .stale-note");
    if (!state) {
      if (note) advice.removeChild(note);
      return;
    }
    var text = (state === "lost" ? words().advice_out_of_date : words().advice_updating) || "";
    if (!note) {
      note = document.createElement("p");
      note.className = "stale-note";
      advice.insertBefore(note, advice.firstChild);
    }
    if (note.textContent !== text) note.textContent = text;
  }

  function differs(root, onScreen) {
    if (onScreen === null) return false;
    var made = root.querySelectorAll(MADE_FOR_ANSWERS);
    for (var i = 0; i < made.length; i++) {
      if (made[i].getAttribute("data-answers") !== onScreen) return true;
    }
    return false;
  }

  // Disabled, so no answer can change; the focus, if it was on one of them, goes to the link.
  function holdControls(root, hold, link) {
    if (hold) {
      var focused = document.activeElement;
      root.querySelectorAll("input, button, select, textarea").forEach(function (el) {
        if (el.disabled || el.matches(KEEP_ENABLED)) return;
        el.disabled = true;
        el.setAttribute("data-held", "");
      });
      if (link && focused && focused.hasAttribute && focused.hasAttribute("data-held")) {
        link.focus();
      }
    } else {
      root.querySelectorAll("[data-held]").forEach(function (el) {
        el.disabled = false;
        el.removeAttribute("data-held");
      });
    }
  }

  var differentSince = 0;
  var leaving = false;
  var refreshing = false;

  function refresh() {
    var root = cells();
    if (!root || refreshing) return;
    refreshing = true;
    try {
      var now = Date.now();
      var onScreen = answersOnScreen(root);
      if (!differs(root, onScreen)) {
        differentSince = 0;
      } else if (!differentSince) {
        differentSince = now;
        window.setTimeout(refresh, UPDATE_TIMEOUT_MS + 50);
      }
      var disconnected = root.querySelector(".jupyter-widgets-disconnected") !== null;
      var stuck = differentSince && now - differentSince >= UPDATE_TIMEOUT_MS;
      // A page on its way to another address loses its kernel on purpose: no notice for that.
      lost = !leaving && (socketLost(now) || disconnected || unanswered(now) || stuck);
      if (lost) {
        var link = showNotice(reloadHref(root, onScreen));
        holdControls(root, true, link);
        markStale(root, onScreen, true);
      } else {
        hideNotice();
        holdControls(root, false, null);
        markStale(root, onScreen, false);
      }
    } finally {
      refreshing = false;
    }
  }

  function controlUsed(event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.closest(KERNEL_CONTROLS)) return;
    if (!awaitingSince) {
      awaitingSince = Date.now();
      window.setTimeout(refresh, UPDATE_TIMEOUT_MS + 50);
    }
  }

  // -- When to look ---------------------------------------------------------------------------
  // At once when a control changes (before the browser paints), whenever the widgets redraw,
  // when a view is marked disconnected, and when the kernel's socket opens, closes or answers.
  function start() {
    var root = cells();
    if (!root) return;
    new MutationObserver(refresh).observe(root, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["class", "data-answers"],
    });
    root.addEventListener("click", controlUsed, true);
    root.addEventListener("change", controlUsed, true);
    ["change", "input"].forEach(function (type) {
      root.addEventListener(type, refresh, true);
    });
    // Belt and braces: while lost, no kernel control reacts to a click.
    root.addEventListener(
      "click",
      function (event) {
        var target = event.target;
        if (!lost || !(target instanceof Element) || !target.closest(KERNEL_CONTROLS)) return;
        event.preventDefault();
        event.stopPropagation();
      },
      true
    );
    refresh();
  }

  // Voila's page asks the server to end the kernel on "beforeunload". If the page is still here
  // a moment later the navigation did not happen (stopped, or slow), and the kernel is gone:
  // then the loss is real and is shown.
  window.addEventListener("beforeunload", function () {
    leaving = true;
    window.setTimeout(function () {
      leaving = false;
      refresh();
    }, LEAVING_MS);
  });
  window.addEventListener("pagehide", function () {
    leaving = true;
  });
  window.addEventListener("pageshow", function () {
    leaving = false;
  });

  document.addEventListener("DOMContentLoaded", start);
})();
