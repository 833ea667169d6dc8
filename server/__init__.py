"""The explainer's server: stock Voila with the explainer's guards and speed-ups in front.

- :mod:`server.launch`: the one launcher (`make serve`, the tests, the benchmarks);
- :mod:`server.voila_app`: Voila as the explainer runs it (settings in server/config/voila.py);
- :mod:`server.kernels`: visitors' kernels (widget messages only, the session cap, culling);
- :mod:`server.assets`: static files compressed once, hashed ones cached for a year;
- :mod:`server.upstream`: every contact with another project's internals, checked at start;
- :mod:`server.sizing` and :mod:`server.workers`: how many sessions fit, and several workers.
"""
