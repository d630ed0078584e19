"""The ``compfund`` command line: an edge like the window, translating arguments into
service calls. Only this package may reach ``ui`` and ``reports``, and only lazily."""
