"""The version, in a module of its own: pyproject.toml reads it from here, and no stage imports the public API for it.

A literal rather than importlib.metadata: reading the installed metadata cost
about 45 ms of every start, ``--help`` included.
"""

__version__ = "0.1.0"
