"""Backend Atlas: the concepts backend interviews ask about, as a graph to browse and drill."""

__version__ = "0.1.0"
