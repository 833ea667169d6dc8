/*
 * The explainer shows no mathematics, so it does not load MathJax (script chunks the page would
 * otherwise fetch and run before the dashboard appears; docs/performance.md).
 *
 * JupyterLab's typesetter asks every piece of widget text to be typeset. server/config/voila.py
 * points that typesetter (JupyterLab's MathJax 2 plugin) at this file, which it loads the first
 * time it is asked; it provides the few MathJax 2 calls that plugin makes, each doing nothing.
 * So text is shown exactly as written: a "$" in it stays a dollar sign, never the start of a
 * formula.
 */
(function () {
  "use strict";
  var nothing = function () {};
  window.MathJax = {
    Hub: {
      config: {},
      Config: nothing,
      Configured: nothing,
      Queue: nothing,
      Register: {
        StartupHook: function (name, callback) {
          callback();
        },
      },
    },
    Ajax: {},
    InputJax: { TeX: { resetEquationNumbers: nothing } },
  };
})();
