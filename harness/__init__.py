"""What the tests and the benchmarks share: a real Voila server and headless Chromium
(:mod:`harness.real`), and the benchmarks' statistics (:mod:`harness.stats`)."""
